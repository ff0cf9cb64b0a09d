"""Wall time of the README's main job (`cyclegan-course train`, the CPU preset) with 1 and 2 PyTorch threads, on a
quiet machine and with another CPU-heavy job running beside it.

The other job is a PyTorch convolution forward/backward loop with PyTorch's default thread count (one per core), the
kind of neighbour a learner's laptop has when something else trains or a notebook runs. Each run writes to a fresh
temporary folder; the built-in dataset is built once beforehand so no run pays for it.

    .venv/bin/python bench/main_job_threads.py                        # all four cases, the full job (several minutes each)
    .venv/bin/python bench/main_job_threads.py --max_iters 120        # a quicker look (iterations per second)
"""
import argparse, json, os, signal, subprocess, sys, tempfile, time
from pathlib import Path

LOAD = """
import torch
x = torch.randn(4, 32, 96, 96, requires_grad=True); w = torch.randn(32, 32, 3, 3, requires_grad=True)
while True: torch.nn.functional.conv2d(x, w, padding=1).square().mean().backward()
"""


def run_job(threads: int, max_iters: int, cli: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [cli, "train", "--checkpoints_dir", tmp, "--no_progress", "--num_threads", str(threads)]
        if max_iters: cmd += ["--max_iters", str(max_iters)]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        return time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--loads", nargs="+", default=["quiet", "loaded"], choices=["quiet", "loaded"])
    p.add_argument("--max_iters", type=int, default=0, help="stop each job after this many iterations (0: the whole job)")
    p.add_argument("--json", help="also write the rows to this file")
    a = p.parse_args()
    cli = str(Path(sys.executable).with_name("cyclegan-course"))
    subprocess.run([sys.executable, "-c", "from cyclegan_course.builtin import builtin_unpaired; builtin_unpaired()"], check=True)
    import torch
    print(f"{os.cpu_count()} logical CPUs, torch {torch.__version__}; main job = `cyclegan-course train`"
          + (f" --max_iters {a.max_iters}" if a.max_iters else " (720 iterations)"))
    rows = []
    for load in a.loads:
        for threads in a.threads:
            other = subprocess.Popen([sys.executable, "-c", LOAD], stdin=subprocess.DEVNULL) if load == "loaded" else None
            try:
                if other: time.sleep(3)                       # let the neighbour start computing
                s = run_job(threads, a.max_iters, cli)
            finally:
                if other: other.send_signal(signal.SIGKILL); other.wait()
            rows.append({"load": load, "threads": threads, "seconds": round(s, 1)})
            print(f"| {load} | {threads} | {s:.0f} |", flush=True)
    if a.json: Path(a.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
