"""CycleGAN vs CycleGAN + F-SeSim (chapter 13) on the built-in photo→dusk set at CPU scale, several seeds.

    python experiments/sesim_cpu.py --seeds 0 1 2          # writes experiments/results/sesim_builtin.csv

The same settings as the chapter's experiment: 1000 iterations, 32×32 crops of images loaded at 36 px, ngf = ndf = 8,
unet_32, constant learning rate, λ_s = 10 at relu3_1, relu4_1, relu4_3; scored by `evaluation.evaluate` on the 30 + 30
test images against the ground truth (MAE, PSNR, SSIM, LPIPS-vgg16), with the "do nothing" rows. One torch thread.
"""
import argparse, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import pandas as pd
from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.cyclegan import CycleGANConfig
from cyclegan_course.spatially_correlative import SpatialCycleGANConfig
from cyclegan_course.evaluation import evaluate
from cyclegan_course.train import TrainConfig, train
from cyclegan_course.files import atomic_write

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--iters", type=int, default=1000)
    ap.add_argument("--lambda_spatial", type=float, default=10.0)
    ap.add_argument("--out", default=str(ROOT / "experiments/results/sesim_builtin.csv"))
    a = ap.parse_args()
    root, base, rows = builtin_unpaired(), dict(ngf=8, ndf=8, netG="unet_32"), []
    variants = {"CycleGAN": ("cycle_gan", CycleGANConfig(**base)),
                f"CycleGAN + F-SeSim (λ_s = {a.lambda_spatial:g})": ("sc_cyclegan", SpatialCycleGANConfig(**base, lambda_spatial=a.lambda_spatial))}
    for seed in a.seeds:
        for label, (name, mcfg) in variants.items():
            with tempfile.TemporaryDirectory() as runs:
                cfg = TrainConfig(name=name, checkpoints_dir=runs, load_size=36, crop_size=32, max_iters=a.iters, lr_policy="constant",
                                  num_workers=0, device="cpu", num_threads=1, seed=seed, progress=False, save_latest_freq=10**9)
                t0 = time.perf_counter(); tr = train(name, cfg, mcfg); secs = time.perf_counter() - t0
            G_A, G_B = tr.model.netG_A.cpu(), tr.model.netG_B.cpu()
            tabs = evaluate(G_A, G_B, root, size=32, fid=False, lpips_net="vgg16", baseline=label == "CycleGAN")
            for _, r in tabs["translation"].iterrows():
                model = label if "no translation" not in r["output"] else "do nothing (copy the input)"
                rows.append({"seed": seed, "model": model, "direction": r["direction"],
                             **{k: r[k] for k in ("MAE", "PSNR", "SSIM", "LPIPS-vgg16")},
                             "cycle SSIM": tabs["cycle"].SSIM.mean() if model == label else float("nan"),
                             "train s": secs if model == label else float("nan"), "iterations": a.iters})
            print(f"seed {seed} {label}: {secs:.0f} s", flush=True)
    df = pd.DataFrame(rows)
    atomic_write(a.out, df.to_csv(index=False))
    print(df.groupby(["direction", "model"])[["MAE", "PSNR", "SSIM", "LPIPS-vgg16"]].agg(["mean", "std"]).round(3).to_string())

if __name__ == "__main__":
    main()
