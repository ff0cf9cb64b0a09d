"""Execute chapter notebooks the way Jupyter's "Run All" does and store their outputs (figures, tables) in them.

    python tools/store_outputs.py nbs/08_training.ipynb nbs/12_reproduction.ipynb   # or no argument: every chapter

Each notebook runs in a fresh Jupyter kernel, from its own folder, without `IN_TEST` (a reader's run, not the tests'
shrunk one), with its `FULL_SCALE` switch as committed (off). Every code cell is run except the chapter-end
`nbdev_export()` cell (it would rewrite the package; `nbdev-export` does that). On success each code cell gets
`metadata.executed_source`, a hash of the source it was run with, so that `tests/test_sync.py` can tell a cell edited
after the run (stale outputs) from one whose outputs are current; then run `nbdev-clean`. A failing cell stops the run
and leaves the notebook untouched. The notebook's metadata gets `course_run`: the run's wall-clock seconds, the CPU
seconds of its kernel (and the kernel's child processes), the machine's CPU count and load average when it started, and
the date, so that the course map can say how long each chapter takes and under what conditions it was measured.

`--threads N` runs the kernel with N math threads (OMP_NUM_THREADS, MKL_NUM_THREADS), recorded as `threads`. On a machine
whose cores other jobs are using, small-batch training with more threads than free cores can run ten times slower
(the threads wait for each other); one thread each is then the honest, reproducible setting.
"""
import argparse
import datetime
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KEY = "executed_source"
RUN_KEY = "course_run"
_CPU_PROBE = ("import json as _j, resource as _r\n"
              "_s, _c = _r.getrusage(_r.RUSAGE_SELF), _r.getrusage(_r.RUSAGE_CHILDREN)\n"
              "print(_j.dumps(round(_s.ru_utime + _s.ru_stime + _c.ru_utime + _c.ru_stime, 1)))")
ROOT = Path(__file__).resolve().parents[1]


def source_hash(source:str) -> str:
    "The stamp of a cell's source: the first 16 hex digits of its SHA-256."
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def is_export_cell(cell) -> bool: return cell.cell_type == "code" and "nbdev_export(" in cell.source


def store(path:Path, timeout:int=1800, threads:int|None=None):
    nb = nbformat.read(path, as_version=4)
    for c in nb.cells:
        if is_export_cell(c): c.metadata.setdefault("tags", []).append("skip-execution")
    env_backup = os.environ.pop("IN_TEST", None)
    thread_vars = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
    threads_backup = {k: os.environ.get(k) for k in thread_vars}
    if threads is not None: os.environ.update({k: str(threads) for k in thread_vars})
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    probe = nbformat.v4.new_code_cell(_CPU_PROBE)          # reads the kernel's CPU time after the last cell; removed below
    nb.cells.append(probe)
    load, t0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else None, time.time()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                       skip_cells_with_tag="skip-execution").execute()
    finally:
        if env_backup is not None: os.environ["IN_TEST"] = env_backup
        for k, v in threads_backup.items():
            if v is None: os.environ.pop(k, None)
            else: os.environ[k] = v
    wall = time.time() - t0
    nb.cells.remove(probe)
    cpu = json.loads("".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream"))
    nb.metadata[RUN_KEY] = {"wall_s": round(wall), "cpu_s": round(cpu), "cpus": os.cpu_count(),
                            "threads": threads, "load_at_start": None if load is None else round(load, 1),
                            "date": datetime.date.today().isoformat()}
    for c in nb.cells:
        if c.cell_type != "code": continue
        tags = c.metadata.get("tags", [])
        if "skip-execution" in tags:
            tags.remove("skip-execution")
            if not tags: del c.metadata["tags"]
        else: c.metadata[KEY] = source_hash(c.source)
    nbformat.write(nb, path)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--timeout", type=int, default=1800, help="seconds a cell may take")
    ap.add_argument("--threads", type=int, default=None, help="math threads of the kernel (default: the library's own choice)")
    args = ap.parse_args()
    nbs = args.notebooks or sorted((ROOT / "nbs").glob("[0-9]*.ipynb"))
    failed = []
    for p in nbs:
        t0 = time.time()
        try: store(p.resolve(), args.timeout, args.threads)
        except Exception as e:
            failed.append(p); print(f"{p}: FAILED, left untouched ({type(e).__name__}: {str(e)[-2000:]})", flush=True)
        else: print(f"{p}: executed and stored in {time.time() - t0:.0f} s", flush=True)
    sys.exit(1 if failed else 0)
