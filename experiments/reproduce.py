"""Reproduce the papers' tables at CPU scale on the mini real sets (chapter 12 shows the results).

One command per table; each trains every model for every seed with the course's engine, scores it, and writes
experiments/results/reproduction/<table>.csv (every number), <table>.json (how it was made) and figures:

    .venv/bin/cyclegan-course download maps_mini && .venv/bin/cyclegan-course download monet2photo_mini   # the data, once
    .venv/bin/python experiments/reproduce.py pix2pix     # L1 / cGAN / L1+cGAN       (--data: default <data root>/maps_mini)
    .venv/bin/python experiments/reproduce.py maps        # ablation + HarmonicGAN    (<data root>/maps_mini)
    .venv/bin/python experiments/reproduce.py maps --vgg  # ... + the HarmonicGAN (VGG) row
    .venv/bin/python experiments/reproduce.py ed          # CycleGAN vs ED-CycleGAN   (<data root>/monet2photo_mini)
    .venv/bin/python experiments/reproduce.py ed --baselines     # + the baselines ED-CycleGAN compares with (ed_cyclegan_baselines.csv)
    .venv/bin/python experiments/reproduce.py maps --baselines   # + those CycleGAN and HarmonicGAN compare with (maps_baselines.csv)
    .venv/bin/python experiments/reproduce.py report      # report.md from the CSVs (+ headline figure)

The data root is $CYCLEGAN_COURSE_DATA, <repo>/data in a clone, else ~/.cache/cyclegan_course. The committed results
were computed on the course machines' sets: pass `--data ../shared/datasets/maps_mini` (or `monet2photo_mini`) there.

Defaults: 64 px, 1200 iterations per run, seeds 0 1 2, one torch thread (two tables can run side by side on 2 cores).
"""
import argparse, shlex, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "experiments/results/reproduction"
DATA = {"pix2pix": "maps_mini", "maps": "maps_mini", "ed": "monet2photo_mini"}
HEADLINE = "ed_cyclegan_ED_CycleGAN__s_edge.png"   # input → translation → reconstruction, copied to nbs/images/ by `report`

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("table", choices=("pix2pix", "maps", "ed", "report"))
    p.add_argument("--data", help="dataset folder (default: <data root>/maps_mini or monet2photo_mini, made by "
                   "`cyclegan-course download NAME`)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--iters", type=int, default=1200, help="training iterations per run")
    p.add_argument("--ed_iters", type=int, default=1500, help="ED-Block pre-training iterations")
    p.add_argument("--size", type=int, default=64, help="training crop and test size (px); training images are loaded at size·9/8")
    p.add_argument("--ngf", type=int, default=16)
    p.add_argument("--n_test", type=int, default=50, help="test images per domain")
    p.add_argument("--no_fid", action="store_true", help="skip FID/KID")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--device", default="cpu")
    p.add_argument("--out", default=str(OUT), help="results folder")
    p.add_argument("--vgg", action="store_true", help="maps: add the HarmonicGAN (VGG) row beside the histogram one (ImageNet "
                   "VGG-16 relu2_2 patch features; the weights are found offline or fetched once, see cyclegan_course.pretrained)")
    p.add_argument("--baselines", action="store_true", help="maps, ed: train the sources' baselines (chapter 14) instead, into "
                   "<table>_baselines.csv, whose rows chapter 12 shows beside the table's own")
    p.add_argument("--variants", nargs="+", default=None, help="only these models of the table (labels as in its CSV)")
    p.add_argument("--append", action="store_true", help="keep the rows already in the CSV of the models and seeds not run now "
                   "(e.g. more seeds, or one table made by several processes)")
    p.add_argument("--work", default=None, help="where the runs' checkpoints go (default: a temporary folder)")
    a = p.parse_args()
    import torch
    torch.set_num_threads(a.threads)
    import matplotlib; matplotlib.use("Agg")
    from cyclegan_course import reproduction as R
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if a.table == "report":
        runs, metas = R.load_results(out)
        (out / "report.md").write_text(R.report(runs, metas))
        shutil.copyfile(out / HEADLINE, ROOT / "nbs/images/reproduction_headline.png")   # the README's and intro's figure
        return print((out / "report.md").read_text())
    from cyclegan_course.datasets import data_root
    data = Path(a.data) if a.data else data_root() / DATA[a.table]
    if not data.is_dir(): sys.exit(f"--data: dataset folder not found: {data}" + ("" if a.data else
                                   f"; make it with `cyclegan-course download {DATA[a.table]}`, or pass --data FOLDER"))
    scale = R.Scale(size=a.size, load_size=a.size * 9 // 8, iters=a.iters, ed_iters=a.ed_iters, ngf=a.ngf, ndf=a.ngf,
                    n_test=a.n_test, fid=not a.no_fid, device=a.device)
    if a.baselines and a.table == "pix2pix": sys.exit("--baselines: only for the unpaired tables (maps, ed)")
    command = "python experiments/reproduce.py " + " ".join(shlex.quote(x) for x in sys.argv[1:])
    t = time.time()
    if a.table == "pix2pix":
        res = R.reproduce_pix2pix(data, scale, a.seeds, a.work)
        R.image_grid(res["samples"], f"maps val: aerial photo → map, seed {a.seeds[0]}, {a.iters} iterations at {a.size} px").savefig(out / "pix2pix.png", dpi=110)
    elif a.table == "maps":
        import tempfile
        split = R.unpaired_from_pairs(data, Path(a.work or tempfile.mkdtemp(prefix="maps_")) / "maps_unpaired", scale.load_size, scale.size)
        variants = pick(R.MAPS_BASELINES if a.baselines else
                        {**R.MAPS_VARIANTS, **({"HarmonicGAN (VGG)": ("harmonic_gan", {"feature": "vgg"})} if a.vgg else {})}, a.variants)
        res = R.reproduce_unpaired(split, variants, "maps", scale, a.seeds, aligned=True, work=a.work)
        stem = "maps_baselines" if a.baselines else "maps"
        if 0 in a.seeds and a.variants is None:            # the figures show seed 0 of every model of the table
            R.translations_figure(res, "A→B", ("photo", "map")).savefig(out / f"{stem}_photo2map.png", dpi=110)
            R.translations_figure(res, "B→A", ("photo", "map")).savefig(out / f"{stem}_map2photo.png", dpi=110)
            if "CycleGAN" in variants:
                R.cycle_figure(res["samples"], "CycleGAN", ("photo", "map"), f"CycleGAN on maps, seed {a.seeds[0]}").savefig(out / "maps_cycle.png", dpi=110)
    else:
        variants = pick(R.ED_BASELINES if a.baselines else R.ED_VARIANTS, a.variants)
        res = R.reproduce_unpaired(data, variants, "ed_cyclegan", scale, a.seeds, work=a.work)
        for m in variants if 0 in a.seeds else ():          # one figure per model
            R.cycle_figure(res["samples"], m, ("Monet", "photo"), f"{m} on monet2photo_mini, seed {a.seeds[0]}").savefig(out / f"ed_cyclegan_{R._slug(m)}.png", dpi=110)
        stem = "ed_cyclegan_baselines" if a.baselines else "ed_cyclegan"
    csv = R.save_results(res, out, stem, scale, command, time.time() - t, append=a.append)
    print(f"wrote {csv} in {time.time() - t:.0f} s")

def pick(variants:dict, labels) -> dict:
    "The table's variants, or only those named by --variants."
    if labels is None: return variants
    unknown = [l for l in labels if l not in variants]
    if unknown: raise KeyError(f"--variants: {unknown} not in this table; choose from {list(variants)}")
    return {l: variants[l] for l in labels}

if __name__ == "__main__":
    try: main()
    except (ValueError, FileNotFoundError, KeyError) as e: sys.exit(f"reproduce.py: {e}")   # bad option or path: one line naming it
