"""One pytest test per notebook, each run by nbdev's own notebook test runner.

The skip flags come from `tst_flags` in pyproject.toml (`notest slow gpu`), exactly as `nbdev-test` reads them.
"""
import os
from pathlib import Path

import pytest
import nbdev.test as nbdev_test  # the module, not `test_nb` itself, or pytest would collect it
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"


def notebooks():
    "Every course and assignment notebook nbdev would test (names starting with `_` or `.` are skipped, as nbdev does)."
    return sorted(p for p in NBS.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(NBS).parts))


def test_there_are_notebooks():
    assert len(notebooks()) >= 2, f"no notebooks found under {NBS}"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: str(p.relative_to(NBS)))
def test_notebook(nb):
    cfg = get_config(ROOT)
    ok, secs = nbdev_test.test_nb(nb, skip_flags=cfg.tst_flags.split(), basepath=ROOT,
                                  cell_timeout=int(cfg.get("cell_timeout", 600)))
    assert ok, f"{nb.relative_to(ROOT)} failed (see the cell and traceback above)"
