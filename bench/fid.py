"""Benchmark FID/KID: Inception feature extraction (images/s) and the FID formula (our exact SVD route vs scipy's sqrtm
and torchmetrics' eigenvalue route).

    .venv/bin/python bench/fid.py                       # CPU, built-in crops (128×128), batch sizes 1 8 25
    .venv/bin/python bench/fid.py --device cuda --batch-sizes 25 100 --n 500
"""
import argparse, os, platform, time
import numpy as np, scipy.linalg, torch

from cyclegan_course.builtin import builtin_unpaired
from cyclegan_course.fid import fid_from_features, inception, kid_from_features
from cyclegan_course.metrics import load_folder

def timed(fn, sync):
    sync(); t = time.perf_counter(); out = fn(); sync(); return out, time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--n", type=int, default=50, help="images per set (from the built-in set's trainA, 128×128)")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 25])
    ap.add_argument("--no-scipy", action="store_true", help="skip scipy.linalg.sqrtm (tens of seconds on a CPU)")
    args = ap.parse_args()
    dev = torch.device(args.device)
    sync = (lambda: torch.cuda.synchronize(dev)) if dev.type == "cuda" else (lambda: None)
    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"threads {torch.get_num_threads()}, device {dev}, load average {os.getloadavg()[0]:.1f}")
    imgs, _ = load_folder(builtin_unpaired() / "trainA", max_images=2 * args.n)
    ext, t_load = timed(lambda: inception(device=dev), sync)
    print(f"weights: {ext.weights}\nloading the extractor: {t_load:.1f} s")
    ext(imgs[:2].to(dev)); sync()                                   # warm-up
    print("\n| batch size | images/s | ms per image |\n|---:|---:|---:|")
    for bs in args.batch_sizes:
        x = imgs[:args.n].to(dev)
        _, t = timed(lambda: [ext(x[i:i + bs]) for i in range(0, len(x), bs)], sync)
        print(f"| {bs} | {args.n / t:.1f} | {1000 * t / args.n:.0f} |")
    with torch.inference_mode():
        f1 = torch.cat([ext(imgs[i:i + 25].to(dev)) for i in range(0, args.n, 25)]).double().cpu()
        f2 = torch.cat([ext(imgs[args.n + i:args.n + i + 25].to(dev)) for i in range(0, args.n, 25)]).double().cpu()
    print(f"\nFID formula on {args.n} + {args.n} features of dimension 2048:\n\n| route | FID | seconds |\n|---|---:|---:|")
    ours, t = timed(lambda: fid_from_features(f1, f2), lambda: None)
    print(f"| ours: nuclear norm of A_r A_fᵀ (exact) | {ours:.4f} | {t:.3f} |")
    from torchmetrics.image.fid import _compute_fid
    tm, t = timed(lambda: _compute_fid(f2.mean(0), torch.cov(f2.T), f1.mean(0), torch.cov(f1.T)).item(), lambda: None)
    print(f"| torchmetrics: eigvals(Σ_r Σ_f), 2048×2048 | {tm:.4f} | {t:.1f} |")
    if not args.no_scipy:
        def sp():
            a, b = f1.numpy(), f2.numpy()
            s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
            covmean = scipy.linalg.sqrtm(s1 @ s2).real
            return ((a.mean(0) - b.mean(0)) ** 2).sum() + np.trace(s1 + s2 - 2 * covmean)
        ref, t = timed(sp, lambda: None)
        print(f"| scipy.linalg.sqrtm(Σ_r Σ_f), as pytorch-fid | {ref:.4f} | {t:.1f} |")
    (kid, kid_std), t = timed(lambda: kid_from_features(f1, f2), lambda: None)
    print(f"\nKID (100 subsets of {min(1000, args.n)}): {kid:.5f} ± {kid_std:.5f} in {t:.2f} s")

if __name__ == "__main__": main()
