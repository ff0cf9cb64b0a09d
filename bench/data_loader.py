"""Images per second of the CycleGAN training data loader, with 0, 1 and 2 worker processes.

What is timed is what training does: `UnpairedImageDataset` with the official training preprocessing (JPEG decode,
bicubic resize to 286x286, random 256x256 crop, random flip, tensor in [-1, 1]) for both domains, batched by a
shuffling `DataLoader`. One item is one training iteration's input: an A image and a B image.

    .venv/bin/python bench/data_loader.py                       # ../shared/datasets/monet2photo_mini, 0 1 2 workers
    .venv/bin/python bench/data_loader.py --dataroot data/builtin_unpaired --load_size 143 --crop_size 128
"""
import argparse
import os
import platform
import sys
import time
from pathlib import Path

import torch
from torch.utils.data import DataLoader

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))                           # benchmark this checkout's package, installed or not
from cyclegan_course.datasets import UnpairedImageDataset  # noqa: E402


def measure(ds, workers: int, batch_size: int, items: int, seed: int = 0) -> dict:
    "Time `items` dataset items through a DataLoader with `workers` workers; the first batch (start-up) is timed apart."
    g = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    loader = DataLoader(ds, batch_size=batch_size, shuffle=True, num_workers=workers, generator=g,
                        persistent_workers=False, prefetch_factor=4 if workers else None)
    it = iter(loader)
    next(it)                                            # start-up: worker processes, first decode
    t1 = time.perf_counter()
    n = 0
    while n < items:
        try: batch = next(it)
        except StopIteration: it = iter(loader); continue   # a small dataset: start another epoch
        n += len(batch["A"])
    t2 = time.perf_counter()
    del it
    return {"workers": workers, "startup_s": t1 - t0, "items": n, "items_per_s": n / (t2 - t1),
            "images_per_s": 2 * n / (t2 - t1), "ms_per_item": 1000 * (t2 - t1) / n}


def step_seconds(crop: int, steps: int = 3) -> float:
    "Seconds per pix2pix-sized training iteration on the CPU (U-Net 256 + 70x70 PatchGAN, forward and backward), for scale."
    from cyclegan_course.networks import define_G, define_D
    G, D = define_G(3, 3, 64, "unet_256"), define_D(6, 64, "basic")
    opt = torch.optim.Adam(list(G.parameters()) + list(D.parameters()), 2e-4, betas=(0.5, 0.999))
    A, B = torch.randn(1, 3, crop, crop), torch.randn(1, 3, crop, crop)
    for i in range(steps + 1):                          # the first iteration is a warm-up
        if i == 1: t = time.perf_counter()
        fake = G(A)
        d_loss = (D(torch.cat([A, fake.detach()], 1)) ** 2).mean() + ((D(torch.cat([A, B], 1)) - 1) ** 2).mean()
        g_loss = ((D(torch.cat([A, fake], 1)) - 1) ** 2).mean() + 100 * (fake - B).abs().mean()
        opt.zero_grad(); (d_loss + g_loss).backward(); opt.step()
    return (time.perf_counter() - t) / steps


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dataroot", default=str(REPO / ".." / "shared" / "datasets" / "monet2photo_mini"),
                   help="unpaired dataset (trainA/ trainB/); default: ../shared/datasets/monet2photo_mini from the repo root")
    p.add_argument("--workers", type=int, nargs="+", default=[0, 1, 2], help="worker counts to measure")
    p.add_argument("--batch_size", type=int, default=1, help="official CycleGAN default: 1")
    p.add_argument("--items", type=int, default=300, help="dataset items (A+B pairs) timed per setting")
    p.add_argument("--load_size", type=int, default=286)
    p.add_argument("--crop_size", type=int, default=256)
    p.add_argument("--threads", type=int, default=1,
                   help="torch threads in the main process (1: as in DataLoader workers; 0: leave torch's default)")
    p.add_argument("--step", action="store_true",
                   help="also time a pix2pix-sized training iteration on this CPU (needs --crop_size 256), for scale")
    a = p.parse_args()
    default_threads = torch.get_num_threads()
    if a.threads: torch.set_num_threads(a.threads)

    root = Path(a.dataroot)
    if not root.is_dir():
        raise SystemExit(f"dataset folder not found: {root} (pass --dataroot; it needs trainA/ and trainB/)")
    ds = UnpairedImageDataset(root, load_size=a.load_size, crop_size=a.crop_size)
    print(f"dataset    {root.resolve()}: {len(ds.A_paths)} A + {len(ds.B_paths)} B images")
    print(f"preprocess resize {a.load_size} -> random crop {a.crop_size} -> random flip; batch size {a.batch_size}; "
          f"{a.items} items (= {2 * a.items} images) per row")
    print(f"machine    {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs; torch {torch.__version__}\n")
    print("| workers | start-up (s) | items/s | images/s | ms per item |")
    print("|---:|---:|---:|---:|---:|")
    for w in a.workers:
        r = measure(ds, w, a.batch_size, a.items)
        print(f"| {w} | {r['startup_s']:.2f} | {r['items_per_s']:.1f} | {r['images_per_s']:.1f} | {r['ms_per_item']:.1f} |",
              flush=True)
    if a.step and a.crop_size == 256:
        torch.set_num_threads(default_threads)
        sec = step_seconds(a.crop_size)
        print(f"\nfor scale: one pix2pix-sized training iteration (U-Net 256 + PatchGAN, forward + backward, batch 1) "
              f"takes {sec:.2f} s here ({default_threads} threads), i.e. {1 / sec:.2f} items/s; "
              f"a CycleGAN iteration does more work (two generators, two discriminators)")


if __name__ == "__main__":
    main()
