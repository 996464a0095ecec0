"""The cross-check's fixtures, for the demo's cross-check data: files kept in a temporary VAR_DIR, "today"
pinned after the payrolls the tests pay, and a 低保 case paid for October to December 2025."""

from tests.apps.crosscheck.conftest import _var_dir, case  # noqa: F401  (fixtures, re-exported)
