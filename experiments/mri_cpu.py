"""CycleGAN vs HarmonicGAN (histogram, VGG) on the brain-MRI phantom (chapter 15): the slides' medical table at CPU scale.

    python experiments/mri_cpu.py --seeds 0 1 2        # writes experiments/results/mri_phantom.csv (needs the `mri` extra)

Data: `mri.mri_phantom()` (64 px, 240 FLAIR + 240 T1w training images from disjoint slices, 40 aligned test pairs).
Each model is trained by the course's engine for `--iters` iterations (batch 1, 72 px loads randomly cropped to 64,
constant learning rate 2e-4), with the same small networks (unet_64, ngf = ndf = 8) and official settings otherwise;
HarmonicGAN adds λ_smooth = 1 on 8 px patches (histogram: 8 bins; VGG: relu2_2). Scored by `mri.evaluate_mri` on the
40 test pairs, both directions: MAE, MSE (0–255), PSNR, SSIM, the lesion-only MAE and the patch-neighbour number, with
the "do nothing" rows. One torch thread; the seconds each run took are in the CSV.
"""
import argparse, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import pandas as pd
from cyclegan_course.cyclegan import CycleGANConfig
from cyclegan_course.harmonicgan import HarmonicGANConfig
from cyclegan_course.mri import MRI_METRICS, evaluate_mri, mri_phantom
from cyclegan_course.train import TrainConfig, train
from cyclegan_course.files import atomic_write

BASE = dict(ngf=8, ndf=8, netG="unet_64")
VARIANTS = {"CycleGAN": ("cycle_gan", lambda: CycleGANConfig(**BASE)),
            "HarmonicGAN (histogram)": ("harmonic_gan", lambda: HarmonicGANConfig(**BASE, feature="histogram")),
            "HarmonicGAN (VGG)": ("harmonic_gan", lambda: HarmonicGANConfig(**BASE, feature="vgg"))}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--iters", type=int, default=1000)
    ap.add_argument("--models", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument("--out", default=str(ROOT / "experiments/results/mri_phantom.csv"))
    a = ap.parse_args()
    root, rows = mri_phantom(), []
    for seed in a.seeds:
        for label in a.models:
            name, mcfg = VARIANTS[label]
            with tempfile.TemporaryDirectory() as runs:
                cfg = TrainConfig(dataroot=str(root), name=name, checkpoints_dir=runs, load_size=72, crop_size=64, max_iters=a.iters,
                                  lr_policy="constant", num_workers=0, device="cpu", num_threads=1, seed=seed, progress=False,
                                  save_latest_freq=10**9)
                t0 = time.perf_counter(); tr = train(name, cfg, mcfg()); secs = time.perf_counter() - t0
            gens = {label: (tr.model.netG_A.cpu(), tr.model.netG_B.cpu())}
            df = evaluate_mri(gens, root, baseline=seed == a.seeds[0] and label == a.models[0])
            for r in df.to_dict("records"):
                base = r["model"] != label
                rows.append({**r, "seed": "" if base else seed, "iterations": "" if base else a.iters, "train s": "" if base else round(secs, 1)})
            print(f"seed {seed} {label}: {secs:.0f} s", flush=True)
    df = pd.DataFrame(rows)
    atomic_write(a.out, df.to_csv(index=False))
    print(df.groupby(["direction", "model"], sort=False)[list(MRI_METRICS)].agg(["mean", "std"]).round(3).to_string())

if __name__ == "__main__":
    main()
