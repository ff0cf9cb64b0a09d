"""CycleGAN vs HarmonicGAN (histogram features) at CPU scale: the table and figure that chapter 11 shows.

    python experiments/harmonicgan_cpu.py --dataset builtin                                   # built-in photo→dusk set
    python experiments/harmonicgan_cpu.py --dataset maps      # aerial photo ↔ map (--maps: default <data root>/maps_mini,
                                                              # made by `cyclegan-course download maps_mini`)
    python experiments/harmonicgan_cpu.py --bench                                             # seconds per training step

Trains each model with the course's engine (`train("harmonic_gan", ...)`; λ_smooth = 0 is exactly CycleGAN) for
`--iters` iterations at `--size` px, per seed, then evaluates with `evaluation.evaluate` against the ground truth
(built-in: testB = dusk(testA); maps: the val/ pairs). Writes experiments/results/harmonicgan_<dataset>.csv and a
figure of test translations. One thread per process (torch's thread pool slows a shared 2-core machine down).
"""
import argparse, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import pandas as pd
import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.datasets import tensor_to_image
from cyclegan_course.harmonicgan import HarmonicGANConfig
from cyclegan_course.evaluation import evaluate, load_test_set, translate_images
from cyclegan_course.reproduction import Scale, run_config, unpaired_from_pairs
from cyclegan_course.train import train

def bench(out:Path, sizes=(64, 128), steps:int=10, repeats:int=3):
    "Seconds per `optimize_parameters` call, CycleGAN (λ_smooth = 0) vs HarmonicGAN (histogram, all pairs and 4096 sampled pairs)."
    from cyclegan_course.harmonicgan import HarmonicGAN
    rows = []
    for size in sizes:
        batch = {"A": torch.rand(1, 3, size, size) * 2 - 1, "B": torch.rand(1, 3, size, size) * 2 - 1}
        variants = [("CycleGAN", dict(lambda_smooth=0)), ("HarmonicGAN (histogram, all pairs)", dict()),
                    ("HarmonicGAN (histogram, 4096 pairs)", dict(max_pairs=4096))]
        models = []
        for label, kw in variants:
            torch.manual_seed(0)
            m = HarmonicGAN(HarmonicGANConfig(ngf=16, ndf=16, netG="resnet_6blocks", pool_seed=0, **kw), device="cpu")
            m.set_input(batch); m.optimize_parameters(); models.append((label, m))
        best = {label: float("inf") for label, _ in models}
        for _ in range(repeats):                                   # interleaved, best of `repeats`: less noise on a shared machine
            for label, m in models:
                t = time.perf_counter()
                for _ in range(steps): m.optimize_parameters()
                best[label] = min(best[label], (time.perf_counter() - t) / steps)
        for label, _ in models:
            rows.append({"size": size, "patches L": (size // 8) ** 2, "model": label, "s/step": best[label],
                         "× CycleGAN": best[label] / best["CycleGAN"]})
    df = pd.DataFrame(rows)
    df.to_csv(out / "harmonicgan_step_time.csv", index=False)
    print(df.to_string())

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", choices=("builtin", "maps"), default="builtin")
    ap.add_argument("--maps", help="maps_mini folder (train/ val/ of A|B pairs; default: <data root>/maps_mini, made by "
                    "`cyclegan-course download maps_mini`; the course machines': ../shared/datasets/maps_mini)")
    ap.add_argument("--iters", type=int, default=400)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--lambdas", type=float, nargs="+", default=[0.0, 1.0])
    ap.add_argument("--out", default=str(ROOT / "experiments/results"))
    ap.add_argument("--bench", action="store_true", help="only time the training step (CPU, one thread)")
    a = ap.parse_args()
    if a.bench: return bench(Path(a.out))
    work = Path(tempfile.mkdtemp(prefix="harmonicgan_"))
    if a.dataset == "builtin": train_root = test_root = str(builtin_unpaired())
    else:
        if a.maps is None:
            from cyclegan_course.datasets import data_root
            a.maps = str(data_root() / "maps_mini")
        if not Path(a.maps, "train").is_dir(): sys.exit(f"--maps: no train/ folder in {a.maps} (make the set with "
                                                        "`cyclegan-course download maps_mini`, or pass --maps FOLDER)")
        train_root, test_root = str(unpaired_from_pairs(a.maps, work / "maps_unpaired", a.size, a.size)), a.maps
    rows, outputs = [], {}
    test = load_test_set(test_root, size=a.size, max_images=50)
    for seed in a.seeds:
        for lam in a.lambdas:
            name = f"{a.dataset}_lam{lam:g}_seed{seed}"
            mcfg = HarmonicGANConfig(ngf=16, ndf=16, netG="resnet_6blocks", lambda_smooth=lam, pool_seed=seed)
            cfg = run_config(Scale(size=a.size, load_size=a.size, iters=a.iters), train_root, name, seed, work / "runs")
            t = time.time()
            model = train("harmonic_gan", cfg, mcfg).model
            sec = (time.time() - t) / a.iters
            tables = evaluate(model.netG_A, model.netG_B, test_root, size=a.size, max_images=50, fid=False, baseline=seed == a.seeds[0] and lam == a.lambdas[0])
            for r in tables["translation"].to_dict("records"):
                base = "no translation" in r["output"]
                rows.append({"dataset": a.dataset, "model": "—" if base else ("CycleGAN" if lam == 0 else "HarmonicGAN (histogram)"),
                             "lambda_smooth": None if base else lam, "seed": None if base else seed, **r, "s/iter": None if base else sec})
            if seed == a.seeds[0]: outputs[lam] = translate_images(model.netG_A, test["A"][:4])
            print(name, f"{sec:.3f} s/iter", flush=True)
    df = pd.DataFrame(rows)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out / f"harmonicgan_{a.dataset}.csv", index=False)
    cols = [("x (input)", test["A"][:4])] + [(("CycleGAN" if l == 0 else f"HarmonicGAN λ={l:g}") + " G(x)", o) for l, o in outputs.items()] + [("ground truth", test["B"][:4])]
    fig, axs = plt.subplots(4, len(cols), figsize=(1.6 * len(cols), 6.6))
    for j, (title, ims) in enumerate(cols):
        axs[0, j].set_title(title, fontsize=8)
        for i in range(4): axs[i, j].imshow(tensor_to_image(ims[i])); axs[i, j].axis("off")
    fig.suptitle(f"{a.dataset}: test images, seed {a.seeds[0]}, {a.iters} iterations at {a.size} px", fontsize=9)
    fig.tight_layout(); fig.savefig(out / f"harmonicgan_{a.dataset}.png", dpi=90)
    print(df.to_string())

if __name__ == "__main__": main()
