"""数据比对: other departments' lists imported as dated batches, matched against the registry, and the
疑似问题线索 that follow, from 下发 and 核实 to the remedy through the case and payroll services."""
