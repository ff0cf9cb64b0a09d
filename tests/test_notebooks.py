"""One pytest test per notebook, each run by nbdev's own notebook test runner, in a process of its own.

The skip flags come from `tst_flags` in pyproject.toml (`notest slow gpu`), exactly as `nbdev-test` reads them.
Each notebook runs in a forked child of this process, so that no notebook sees what another defined or registered
(a class a chapter registers under a model's name, for instance): a notebook passes alone or not at all. The heavy
third-party imports happen once, here, before the fork; the course's own modules are imported fresh in every child.
"""
import multiprocessing as mp
from pathlib import Path

import pytest
import nbdev.test as nbdev_test  # the module, not `test_nb` itself, or pytest would collect it
from nbdev.config import get_config
import matplotlib, numpy, pandas, torch, torchvision  # noqa: F401  (imported once, inherited by every child)

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"


def notebooks():
    "Every course and assignment notebook nbdev would test (names starting with `_` or `.` are skipped, as nbdev does)."
    return sorted(p for p in NBS.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(NBS).parts))


def _child(nb, cfg_flags, timeout, conn):
    ok, _ = nbdev_test.test_nb(nb, skip_flags=cfg_flags, basepath=ROOT, cell_timeout=timeout)
    conn.send(bool(ok))
    conn.close()


def test_there_are_notebooks():
    assert len(notebooks()) >= 2, f"no notebooks found under {NBS}"


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: str(p.relative_to(NBS)))
def test_notebook(nb):
    cfg = get_config(ROOT)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(nb, cfg.tst_flags.split(), int(cfg.get("cell_timeout", 600)), send))
    p.start()
    send.close()
    try: ok = recv.recv()
    except EOFError: ok = False  # the child died without a verdict
    p.join()
    assert ok, f"{nb.relative_to(ROOT)} failed (see the cell and traceback above; exit code {p.exitcode})"
