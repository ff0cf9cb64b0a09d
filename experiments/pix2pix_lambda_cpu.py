"""pix2pix at chapter 3's CPU scale for several weights λ_L1 of the L1 term, precomputed for the chapter's slider.

    python experiments/pix2pix_lambda_cpu.py        # writes experiments/results/pix2pix_lambda_builtin.csv and .npz

Chapter 3's setting: the built-in edges → photo pairs, 64 × 64 crops of images loaded at 72 px, unet_64 with
ngf = ndf = 16, batch size 4, 1200 iterations, Adam 2e-4 (β₁ = 0.5), constant learning rate, seed 0, the official
defaults otherwise (cross-entropy cGAN loss, batch norm, dropout); only λ_L1 differs. Trained with the course's
engine (`train.train`, one torch thread), so the numbers differ slightly from the chapter's own hand-written loop.
Scored on the 30 aligned test pairs (MAE on [0, 1], PSNR, SSIM); the .npz keeps the outputs for the first three
test pairs (the rocket, flower and coffee crops) as uint8, so the slider answers at once.
"""
import argparse, io, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import numpy as np
import pandas as pd
from cyclegan_course.builtin import builtin_paired
from cyclegan_course.datasets import PairedImageDataset, tensor_to_image
from cyclegan_course.metrics import psnr, ssim
from cyclegan_course.pix2pix import Pix2PixConfig
from cyclegan_course.train import TrainConfig, train
from cyclegan_course.files import atomic_write

LAMBDAS = (0.0, 1.0, 10.0, 100.0, 1000.0)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iters", type=int, default=1200)
    ap.add_argument("--out", default=str(ROOT / "experiments/results/pix2pix_lambda_builtin.csv"))
    a = ap.parse_args()
    root = builtin_paired()
    test_set = PairedImageDataset(root, "test", load_size=72, crop_size=64)          # centre crops, as chapter 3
    A = torch.stack([test_set[k]["A"] for k in range(len(test_set))])
    B = torch.stack([test_set[k]["B"] for k in range(len(test_set))])
    rows, keep = [], {}
    for lam in LAMBDAS:
        with tempfile.TemporaryDirectory() as runs:
            cfg = TrainConfig(dataroot=str(root), name="pix2pix", checkpoints_dir=runs, load_size=72, crop_size=64, batch_size=4,
                              max_iters=a.iters, lr_policy="constant", num_workers=0, device="cpu", num_threads=1, seed=0,
                              progress=False, save_latest_freq=10**9)
            t0 = time.perf_counter(); tr = train("pix2pix", cfg, Pix2PixConfig(netG="unet_64", ngf=16, ndf=16, lambda_L1=lam))
            secs = time.perf_counter() - t0
        G = tr.model.netG.cpu().eval()
        with torch.no_grad(): fake = G(A).clamp(-1, 1)
        rows.append({"lambda_L1": lam, "MAE": ((fake - B).abs().mean() / 2).item(), "PSNR": psnr(fake, B).mean().item(),
                     "SSIM": ssim(fake, B).mean().item(), "train s": round(secs), "iterations": a.iters})
        keep[f"lambda_{lam:g}"] = np.stack([tensor_to_image(t) for t in fake[:3]])
        print(rows[-1], flush=True)
    keep["input"], keep["truth"] = np.stack([tensor_to_image(t) for t in A[:3]]), np.stack([tensor_to_image(t) for t in B[:3]])
    atomic_write(a.out, pd.DataFrame(rows).to_csv(index=False))
    buf = io.BytesIO(); np.savez_compressed(buf, **keep)
    atomic_write(Path(a.out).with_suffix(".npz"), buf.getvalue())

if __name__ == "__main__":
    main()
