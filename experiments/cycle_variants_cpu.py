"""CycleGAN's design choices at CPU scale, on images with a known answer: least squares vs cross-entropy (chapter 5),
image pool vs none (chapter 6), transposed vs resize-convolution up-sampling (chapter 2), same seeds, same budget.

    python experiments/cycle_variants_cpu.py --seeds 0 1 2     # writes experiments/results/cycle_variants_builtin.csv and .png

The chapters' CPU setting (chapter 7's experiment): the built-in photo → dusk set, 32 × 32 crops of images loaded at
36 px, unet_32 with ngf = ndf = 8, batch size 1, Adam 2e-4 (β₁ = 0.5), constant learning rate, 1000 iterations, λ = 10,
λ_idt = 0.5; only the named option differs. Scored by `evaluation.evaluate` on the 30 + 30 aligned test images against
the ground truth (MAE on 0–255, PSNR, SSIM), with the "do nothing" rows, plus the checkerboard strength
(`networks.checkerboard`) of the A → B outputs. The PNG shows seed 0's A → B outputs of 8 test images per variant.
One torch thread.
"""
import argparse, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import numpy as np
import pandas as pd
from PIL import Image
from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.cyclegan import CycleGANConfig
from cyclegan_course.evaluation import evaluate, load_test_set, translate_images
from cyclegan_course.networks import checkerboard
from cyclegan_course.datasets import tensor_to_image
from cyclegan_course.train import TrainConfig, train
from cyclegan_course.files import atomic_write

VARIANTS = {"CycleGAN (official: least squares, pool 50, transposed conv)": {},
            "cross-entropy GAN loss (gan_mode='vanilla')": dict(gan_mode="vanilla"),
            "no image pool (pool_size=0)": dict(pool_size=0),
            "resize-convolution (upsample='resize')": dict(upsample="resize")}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--iters", type=int, default=1000)
    ap.add_argument("--out", default=str(ROOT / "experiments/results/cycle_variants_builtin.csv"))
    a = ap.parse_args()
    root, base, rows, grid = builtin_unpaired(), dict(ngf=8, ndf=8, netG="unet_32", pool_seed=0), [], {}
    test = load_test_set(root, "test", 32)
    for seed in a.seeds:
        for label, over in VARIANTS.items():
            with tempfile.TemporaryDirectory() as runs:
                cfg = TrainConfig(name="cycle_gan", checkpoints_dir=runs, load_size=36, crop_size=32, max_iters=a.iters,
                                  lr_policy="constant", num_workers=0, device="cpu", num_threads=1, seed=seed, progress=False,
                                  save_latest_freq=10**9)
                t0 = time.perf_counter(); tr = train("cycle_gan", cfg, CycleGANConfig(**base, **over)); secs = time.perf_counter() - t0
            G_A, G_B = tr.model.netG_A.cpu().eval(), tr.model.netG_B.cpu().eval()
            tabs = evaluate(G_A, G_B, root, size=32, fid=False, baseline=True)
            fake_B = translate_images(G_A, test["A"], 8)
            if seed == a.seeds[0]: grid[label] = fake_B[:8]
            for _, r in tabs["translation"].iterrows():
                copy = "no translation" in r["output"]
                if copy and label != next(iter(VARIANTS)): continue
                rows.append({"seed": seed, "model": "do nothing (copy the input)" if copy else label, "direction": r["direction"],
                             **{k: r[k] for k in ("MAE", "PSNR", "SSIM")},
                             "checkerboard": checkerboard((test["A"] if copy else fake_B)).item() if r["direction"].startswith("A") else float("nan"),
                             "train s": float("nan") if copy else secs, "iterations": a.iters})
            print(f"seed {seed} {label}: {secs:.0f} s", flush=True)
    df = pd.DataFrame(rows)
    atomic_write(a.out, df.to_csv(index=False))
    rows_img = [test["A"][:8]] + list(grid.values()) + [test["B"][:8]]
    pic = np.concatenate([np.concatenate([tensor_to_image(t) for t in r], 1) for r in rows_img], 0)
    atomic_write(Path(a.out).with_suffix(".png"), lambda p: Image.fromarray(pic).save(p, format="PNG"))
    print(df.groupby(["direction", "model"])[["MAE", "PSNR", "SSIM", "checkerboard"]].agg(["mean", "std"]).round(3).to_string())

if __name__ == "__main__":
    main()
