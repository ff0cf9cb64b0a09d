"""ED-CycleGAN experiment at CPU scale: CycleGAN vs ED-CycleGAN (s_edge, as the source) vs ED-CycleGAN (t_edge).

Every model is built, trained and evaluated by the package's own engine (`Trainer`) and harness (`evaluation.evaluate`):

    .venv/bin/python experiments/ed_cyclegan.py                                              # built-in photo→dusk set
    .venv/bin/python experiments/ed_cyclegan.py --dataroot data/monet2photo_mini --tag monet2photo_mini
        # the data: `cyclegan-course download monet2photo_mini`; the committed monet2photo_mini results were made
        # with --dataroot ../shared/datasets/monet2photo_mini, the course machines' set (chapter 12a says how they differ)

Writes experiments/results/ed_cyclegan_<tag>.csv (one row per model) and .md (the same table plus the settings).
"""
import argparse, tempfile, time, warnings
from pathlib import Path

import pandas as pd
import torch

from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.cyclegan import CycleGAN, CycleGANConfig
from cyclegan_course.ed_cyclegan import EDBlockConfig, EDCycleGAN, EDCycleGANConfig, EDPretrain, cycle_table
from cyclegan_course.evaluation import evaluate, load_test_set, to_markdown
from cyclegan_course.reproduction import Scale, run_config
from cyclegan_course.train import Trainer, make_dataset

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--dataroot", default="", help="dataset folder (trainA/ trainB/ testA/ testB/); '' = the built-in set")
p.add_argument("--tag", default="builtin", help="name of the output files")
p.add_argument("--size", type=int, default=64, help="training crop and evaluation size (pixels)")
p.add_argument("--ngf", type=int, default=16, help="generator/ED-Block width")
p.add_argument("--ndf", type=int, default=16, help="discriminator width")
p.add_argument("--netG", default="resnet_6blocks")
p.add_argument("--ed_iters", type=int, default=1500, help="ED-Block pre-training iterations")
p.add_argument("--iters", type=int, default=1000, help="CycleGAN / ED-CycleGAN training iterations")
p.add_argument("--max_test", type=int, default=50, help="test images per domain")
p.add_argument("--no_fid", action="store_true", help="skip FID/KID")
p.add_argument("--seed", type=int, default=0)
p.add_argument("--threads", type=int, default=2, help="torch CPU threads")
args = p.parse_args()
torch.set_num_threads(args.threads)
warnings.simplefilter("ignore", UserWarning)  # e.g. the FID's few-images warning; the table states the image count
dataroot = args.dataroot or str(builtin_unpaired())
out_dir = Path(__file__).parent / "results"
work = Path(tempfile.mkdtemp(prefix="ed_cyclegan_"))

scale = Scale(size=args.size, load_size=args.size + args.size // 8, ngf=args.ngf, ndf=args.ndf, netG=args.netG)

def run_cfg(name, iters): return run_config(scale, args.dataroot, name, args.seed, work, iters)

def fit(model, cfg):
    t0 = time.time()
    Trainer(model, make_dataset("ed_cyclegan", cfg, model.config), cfg).fit()
    return time.time() - t0

# 1. the ED-Block, pre-trained alone on both domains with L_recover
torch.manual_seed(args.seed)
ed_model = EDPretrain(EDBlockConfig(ngf=args.ngf), device="cpu")
ed_cfg = run_cfg("ed_block", args.ed_iters)
ed_seconds = fit(ed_model, ed_cfg)
test = load_test_set(dataroot, size=args.size, max_images=args.max_test)
with torch.no_grad():
    ed_model.eval()
    s = torch.cat([test["A"], test["B"]])
    l_recover = (s - ed_model.netED(s)).abs().mean().item()
ed_ckpt = ed_cfg.run_dir / "latest.pt"
print(f"ED-Block: {args.ed_iters} iterations in {ed_seconds:.0f} s, test L_recover = {l_recover:.4f}", flush=True)

# 2. the three models, same seed, same data order, same schedule
common = dict(ngf=args.ngf, ndf=args.ndf, netG=args.netG, lambda_identity=0.0, pool_seed=args.seed)
variants = {"CycleGAN": lambda: CycleGAN(CycleGANConfig(**common), device="cpu"),
            "ED-CycleGAN (s_edge)": lambda: EDCycleGAN(EDCycleGANConfig(**common, ed_checkpoint=str(ed_ckpt), edge="s_edge"), device="cpu"),
            "ED-CycleGAN (t_edge)": lambda: EDCycleGAN(EDCycleGANConfig(**common, ed_checkpoint=str(ed_ckpt), edge="t_edge"), device="cpu")}
rows = []
for name, make in variants.items():
    torch.manual_seed(args.seed)
    model = make()
    seconds = fit(model, run_cfg(name.replace(" ", "_").replace("(", "").replace(")", ""), args.iters))
    own = cycle_table(model, dataroot, size=args.size, max_images=args.max_test)
    tables = evaluate(model.netG_A, model.netG_B, dataroot, size=args.size, max_images=args.max_test, fid=not args.no_fid, baseline=False)
    row = {"model": name, "train s": round(seconds),
           "cons-A SSIM": own.SSIM[0], "cons-A PSNR": own.PSNR[0], "cons-B SSIM": own.SSIM[1], "cons-B PSNR": own.PSNR[1],
           "composed cons-A SSIM": tables["cycle"].SSIM[0], "composed cons-B SSIM": tables["cycle"].SSIM[1]}
    if tables["translation"] is not None:
        t = tables["translation"]
        row.update({"A→B MAE": t.MAE[0], "A→B SSIM": t.SSIM[0], "B→A MAE": t.MAE[1], "B→A SSIM": t.SSIM[1]})
    if tables["distribution"] is not None:
        d = tables["distribution"]
        row.update({"A→B FID": d.FID[0], "B→A FID": d.FID[1], "A→B KID×100": d["KID×100"][0], "B→A KID×100": d["KID×100"][1]})
    rows.append(row)
    print(row, flush=True)

df = pd.DataFrame(rows)
out_dir.mkdir(parents=True, exist_ok=True)
df.to_csv(out_dir / f"ed_cyclegan_{args.tag}.csv", index=False)
settings = (f"dataset: {args.dataroot or 'built-in photo→dusk'}; {args.size}×{args.size} px; {args.netG}, ngf={args.ngf}, ndf={args.ndf}; "
            f"ED-Block pre-trained {args.ed_iters} iterations (test L_recover {l_recover:.4f}); each model {args.iters} iterations, "
            f"batch 1, Adam 2e-4, LSGAN, λ_cyc=10, no identity loss, seed {args.seed}; {len(test['A'])} test images per domain; CPU.")
(out_dir / f"ed_cyclegan_{args.tag}.md").write_text(f"# ED-CycleGAN experiment: {args.tag}\n\n{settings}\n\n{to_markdown(df, 4)}\n")
print(to_markdown(df, 4))
