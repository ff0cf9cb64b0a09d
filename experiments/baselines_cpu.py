"""The baselines of chapter 14 against CycleGAN and "do nothing" on the built-in photo→dusk set at CPU scale.

    python experiments/baselines_cpu.py --seeds 0            # writes experiments/results/baselines_builtin.csv (+ .png)
    python experiments/baselines_cpu.py --seeds 0 1 2 --models simgan bigan --append

Every model with its command-line CPU preset (64-px crops of images loaded at 72 px, 16 filters), batches of 2 (DistanceGAN's
official pairwise form; the same for all), 800 iterations at a constant learning rate, one torch thread; scored by
`evaluation.evaluate` on the 30 + 30 test images at 64 px against their ground truth (MAE, MSE, PSNR, SSIM, both
directions) and on the cycle (consistent-A/B SSIM and PSNR, as ED-CycleGAN's tables), with the "do nothing" rows.
"""
import argparse, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import pandas as pd
from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.evaluation import evaluate, load_test_set
from cyclegan_course.files import atomic_write
from cyclegan_course.models import MODELS
from cyclegan_course.train import TrainConfig, train
import cyclegan_course.baselines  # registers the baselines

# label -> (registered name, model options over its CPU preset)
VARIANTS = {   # in the order they run
    "DiscoGAN": ("disco_gan", {}),
    "pixel loss + GAN": ("pixel_gan", {}),
    "SimGAN": ("simgan", {}),
    "BiGAN/ALI": ("bigan", {}),
    "CycleGAN-Skip (= the course's CycleGAN CPU preset, U-Net 64)": ("cycle_gan_skip", {}),
    "feature loss + GAN": ("feature_gan", {}),
    "DistanceGAN (pairwise)": ("distance_gan", {"self_distance": False}),
    "UNIT": ("unit", {}),
    "CoGAN": ("cogan", {}),
    "CycleGAN (ResNet-6)": ("cycle_gan", {"netG": "resnet_6blocks"}),
}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--iters", type=int, default=800)
    ap.add_argument("--models", nargs="+", default=None, help="registered names to run (default: every variant registered)")
    ap.add_argument("--append", action="store_true", help="keep the rows already in --out (others' models or seeds)")
    ap.add_argument("--out", default=str(ROOT / "experiments/results/baselines_builtin.csv"))
    a = ap.parse_args()
    root, rows, outs = builtin_unpaired(), [], {}
    test = load_test_set(root, "test", 64, max_images=6)
    for seed in a.seeds:
        for label, (name, over) in VARIANTS.items():
            if name not in MODELS or (a.models and name not in a.models): continue
            spec = MODELS[name]
            fields = set(spec.config_cls.__dataclass_fields__)
            mcfg = {k: v for k, v in {**spec.cpu_preset, **over, "pool_seed": seed}.items() if k in fields}
            with tempfile.TemporaryDirectory() as runs:
                cfg = TrainConfig(name=name, checkpoints_dir=runs, load_size=72, crop_size=64, batch_size=2, max_iters=a.iters,
                                  n_epochs=10**6, n_epochs_decay=0, lr_policy="constant", num_workers=0, device="cpu",
                                  num_threads=1, seed=seed, progress=False, print_freq=10**9, display_freq=10**9,
                                  save_latest_freq=10**9, save_epoch_freq=10**9)
                t0 = time.perf_counter(); tr = train(name, cfg, mcfg); secs = time.perf_counter() - t0
            G_A, G_B = tr.model.netG_A.cpu().eval(), tr.model.netG_B.cpu().eval()
            tabs = evaluate(G_A, G_B, root, size=64, fid=False, baseline=not any(r["model"] == "no translation" and r["seed"] == seed for r in rows))
            cyc = {f"{r['metric']} {k}": r[k] for _, r in tabs["cycle"].iterrows() for k in ("SSIM", "PSNR")}
            for _, r in tabs["translation"].iterrows():
                model = label if "no translation" not in r["output"] else "no translation"
                rows.append({"seed": seed, "model": model, "name": name if model == label else "—", "direction": r["direction"],
                             **{k: r[k] for k in ("MAE", "MSE", "PSNR", "SSIM")},
                             **(cyc if model == label else {}), "train s": secs if model == label else float("nan"),
                             "iterations": a.iters if model == label else 0})
            if seed == a.seeds[0]:
                with torch.no_grad(): outs[label] = G_A(test["A"]).clamp(-1, 1)
            print(f"seed {seed} {label}: {secs:.0f} s", flush=True)
            df = save(rows, outs, test, a)                       # after every model: an interrupted run keeps what it did
    print(df.groupby(["direction", "model"], sort=False)[["MAE", "PSNR", "SSIM"]].agg(["mean", "std", "count"]).round(3).to_string())

def save(rows, outs, test, a):
    "Write the table (merged with the rows already there with --append) and the picture of the outputs."
    df = pd.DataFrame(rows)
    out = Path(a.out)
    if a.append and out.is_file():
        old = pd.read_csv(out)
        keep = ~old.set_index(["seed", "model", "direction"]).index.isin(df.set_index(["seed", "model", "direction"]).index)
        df = pd.concat([old[keep], df], ignore_index=True)
    atomic_write(out, df.to_csv(index=False))
    if outs:   # a picture of seed 0's A → B outputs on six test photos
        import matplotlib; matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from cyclegan_course.datasets import tensor_to_image
        show = [("input x", test["A"]), *outs.items(), ("truth", test["B"])]
        fig, axs = plt.subplots(len(show), len(test["A"]), figsize=(1.3 * len(test["A"]) + 2.6, 1.3 * len(show)), squeeze=False)
        for r, (label, imgs) in enumerate(show):
            for c, img in enumerate(imgs):
                axs[r, c].imshow(tensor_to_image(img)); axs[r, c].axis("off")
            axs[r, 0].text(-0.1, 0.5, label.split(" (")[0], transform=axs[r, 0].transAxes, ha="right", va="center", fontsize=8)
        plt.tight_layout()
        png = out.with_suffix(".png") if not a.append else out.with_name(out.stem + "_" + "_".join(a.models or ["all"]) + ".png")
        fig.savefig(png, dpi=80)
        plt.close(fig)
    return df

if __name__ == "__main__":
    main()
