"""The cross-check services: sources, import batches, runs, the lead workflow and the pre-payroll holds."""
