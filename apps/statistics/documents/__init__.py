"""The statistics as pictures and files: the inline SVG charts of the pages (:mod:`.charts`) and the XLSX
workbook of the monthly table (:mod:`.xlsx`)."""
