"""The cross-check services: sources, import batches, runs and the matching engine they use (matcher, with
idcolumns and namecolumns over Polars columns), the lead workflow and the pre-payroll holds."""
