"""One pytest test per notebook, each run by nbdev's own notebook test runner, in a process of its own.

The skip flags come from `tst_flags` in pyproject.toml (`notest slow gpu`), exactly as `nbdev-test` reads them.
`test_run_all` then checks every notebook the way Jupyter's (and Colab's) "Run All" runs it (see its docstring).
Each notebook runs in a forked child of this process, so that no notebook sees what another defined or registered
(a class a chapter registers under a model's name, for instance): a notebook passes alone or not at all. The heavy
third-party imports happen once, here, before the fork; the course's own modules are imported fresh in every child.
"""
import json
import multiprocessing as mp
import re
from pathlib import Path

import pytest
import nbdev.test as nbdev_test  # the module, not `test_nb` itself, or pytest would collect it
from nbdev.config import get_config
from nbdev.process import NBProcessor
import matplotlib, numpy, pandas, torch, torchvision  # noqa: F401  (imported once, inherited by every child)

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"


def notebooks():
    "Every course and assignment notebook nbdev would test (names starting with `_` or `.` are skipped, as nbdev does)."
    return sorted(p for p in NBS.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(NBS).parts))


def _child(nb, cfg_flags, timeout, conn, run_all=False):
    if run_all: nbdev_test._skip_cell = lambda nb, *a, **k: _run_all_skips
    ok, _ = nbdev_test.test_nb(nb, skip_flags=cfg_flags, basepath=ROOT, cell_timeout=timeout)
    conn.send(bool(ok))
    conn.close()


def _run_all_skips(cell):
    """The cells Jupyter's "Run All" does not run: none but markdown. We also leave out the chapter-end
    `nbdev_export()` cell, which rewrites the package from the notebooks (the sync test checks that result)."""
    return cell.cell_type != "code" or "nbdev_export(" in cell.source


def _run(nb, run_all=False):
    cfg = get_config(ROOT)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(nb, cfg.tst_flags.split(), int(cfg.get("cell_timeout", 600)), send, run_all))
    p.start()
    send.close()
    try: ok = recv.recv()
    except EOFError: ok = False  # the child died without a verdict
    p.join()
    return ok, p.exitcode


def test_there_are_notebooks():
    assert len(notebooks()) >= 2, f"no notebooks found under {NBS}"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: str(p.relative_to(NBS)))
def test_notebook(nb):
    ok, code = _run(nb)
    assert ok, f"{nb.relative_to(ROOT)} failed (see the cell and traceback above; exit code {code})"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: str(p.relative_to(NBS)))
def test_run_all(nb):
    """The notebook as Jupyter's or Colab's "Run All" runs it: every code cell, in order, `#| eval: false`, `#| slow` and
    `#| gpu` ones included (only nbdev's test runner skips those), with the notebook's `FULL_SCALE` switch as committed
    (it must be off: full-scale cells then print one line and return). `IN_TEST` is set, as in `test_notebook`, so
    the chapters' demonstrations shrink the way they do under nbdev.

    To keep the suite short on two cores, a notebook is run a second time only where "Run All" and nbdev's runner run
    different cells; where they run the same cells, `test_notebook` has already run exactly what "Run All" runs, and
    this test only checks that the cell sets are equal. The chapter-end `nbdev_export()` cell is left out (it rewrites
    the package; `tests/test_sync.py` checks what it would write)."""
    cfg = get_config(ROOT)
    code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
    switches = set(re.findall(r"^FULL_SCALE = (\w+)", code, flags=re.M))
    assert switches <= {"False"}, f"{nb.name}: FULL_SCALE must be committed off, found {switches}"
    nbdev_cells = [c.id for c in nbdev_test.nb_test_cells(nb, skip_flags=cfg.tst_flags.split())]
    all_cells = [c.id for c in NBProcessor(nb, rm_directives=False, process=True).nb.cells
                 if not _run_all_skips(c)]
    assert set(nbdev_cells) <= set(all_cells)
    if nbdev_cells == all_cells: return                 # test_notebook ran exactly these cells
    ok, exitcode = _run(nb, run_all=True)
    assert ok, f"{nb.relative_to(ROOT)} failed under Run All (see the cell and traceback above; exit code {exitcode})"
