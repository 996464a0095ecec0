"""The cross-check pages: sources, imports, batches and runs (county level), leads and statistics."""
