"""Seconds per iteration and peak memory of the training step (CycleGAN, and every other model of the course).

Compares, in one run and on the same device, batch and networks:
  * `ours`   — `cyclegan_course.cyclegan.CycleGAN.optimize_parameters`, driven as the training engine drives it;
  * `naive`  — a straightforward implementation of the official algorithm, written out below (official order: G step
               with D frozen, then D step on pooled fakes with loss × 0.5; loss values read with `.item()` every
               iteration, as a simple loop that prints them would).
Each configuration runs in its own subprocess, so peak memory is per configuration: on CUDA the peak allocated by
the caching allocator (`torch.cuda.max_memory_allocated`), on the CPU the process's peak resident set size growth.

    python bench/train_step.py                      # CPU: 128 px, fp32 eager (256 px with --sizes 128 256)
    python bench/train_step.py --device cuda --sizes 128 256 --variants all
    python bench/train_step.py --sizes 256 --models all --iters 3 --warmup 1   # every model at full scale (ours only)
    python bench/train_step.py --cpu_ratio          # ours (batched, and with batch_calls=False) vs naive, 64 px, 1 thread

`--cpu_ratio` times the implementations in *one* process, alternating iterations (naive, ours, ours unbatched, naive,
...) so that a busy machine slows them alike, and prints the medians and the ratios ours / naive for the CPU preset's
networks (U-Net 64, ngf = ndf = 16) and the official ones (ResNet-9, 64).
On CUDA each configuration also reports images/s, the step's FLOPs (counted by `torch.utils.flop_counter` on one
iteration) and an MFU estimate (achieved FLOP/s over the GPU's dense peak for the precision, from `PEAK_TFLOPS` or
`--peak_tflops`).

Results and the commands that made them are in bench/README.md.
"""
import argparse, functools, json, os, resource, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# ----------------------------------------------------------------------------- the straightforward implementation
def naive_step_factory(nets, opt_G, opt_D, pools, lambda_A=10.0, lambda_B=10.0, lambda_idt=0.5):
    "The official CycleGAN iteration, written plainly; returns a function of (real_A, real_B) -> dict of floats."
    import torch
    from torch import nn
    G_A, G_B, D_A, D_B = nets
    mse, l1 = nn.MSELoss(), nn.L1Loss()

    def gan(pred, real):
        return mse(pred, torch.full_like(pred, 1.0 if real else 0.0))

    def set_rg(ms, flag):
        for m in ms:
            for p in m.parameters(): p.requires_grad = flag

    def step(real_A, real_B):
        fake_B = G_A(real_A); rec_A = G_B(fake_B)
        fake_A = G_B(real_B); rec_B = G_A(fake_A)
        set_rg([D_A, D_B], False)
        opt_G.zero_grad()
        idt_A = G_A(real_B); loss_idt_A = l1(idt_A, real_B) * lambda_B * lambda_idt
        idt_B = G_B(real_A); loss_idt_B = l1(idt_B, real_A) * lambda_A * lambda_idt
        loss_G_A = gan(D_A(fake_B), True); loss_G_B = gan(D_B(fake_A), True)
        loss_cycle_A = l1(rec_A, real_A) * lambda_A; loss_cycle_B = l1(rec_B, real_B) * lambda_B
        loss_G = loss_G_A + loss_G_B + loss_cycle_A + loss_cycle_B + loss_idt_A + loss_idt_B
        loss_G.backward(); opt_G.step()
        set_rg([D_A, D_B], True)
        opt_D.zero_grad()
        fb = pools[0].query(fake_B)
        loss_D_A = (gan(D_A(real_B), True) + gan(D_A(fb.detach()), False)) * 0.5; loss_D_A.backward()
        fa = pools[1].query(fake_A)
        loss_D_B = (gan(D_B(real_A), True) + gan(D_B(fa.detach()), False)) * 0.5; loss_D_B.backward()
        opt_D.step()
        return {k: v.item() for k, v in dict(G_A=loss_G_A, G_B=loss_G_B, cycle_A=loss_cycle_A, cycle_B=loss_cycle_B,
                                               idt_A=loss_idt_A, idt_B=loss_idt_B, D_A=loss_D_A, D_B=loss_D_B).items()}
    return step


# ----------------------------------------------------------------------------- one measurement (in a subprocess)
MODELS = ("cycle_gan", "pix2pix", "ed_cyclegan", "harmonic_gan")

def model_netG(model, netG, size):
    "pix2pix uses the U-Net that fits the image size (unet_256 at 256 px, as the official maps setting); the others `netG`."
    return f"unet_{size}" if model == "pix2pix" and size in (32, 64, 128, 256) else netG

def fused_optimizers(model):
    "Rebuild the model's Adam optimisers with `fused=True` (one kernel per step; same update rule), same groups and settings."
    import torch
    for name in ("optimizer_G", "optimizer_D"):
        old = getattr(model, name, None)
        if old is None: continue
        new = torch.optim.Adam(old.param_groups[0]["params"], lr=old.defaults["lr"], betas=old.defaults["betas"], fused=True)
        model.optimizers = [new if o is old else o for o in model.optimizers]
        setattr(model, name, new)


def step_flops(step):
    "FLOPs of one call of `step` (forward and backward, as PyTorch's flop counter counts matrix products and convolutions)."
    from torch.utils.flop_counter import FlopCounterMode
    with FlopCounterMode(display=False) as counter: step()
    return counter.get_total_flops()


# dense peak TFLOP/s (no sparsity) per precision, from the vendors' data sheets; MFU is printed only for these
PEAK_TFLOPS = {"H200": {"fp32": 67, "bf16": 989, "fp16": 989}, "H100": {"fp32": 67, "bf16": 989, "fp16": 989},
               "A100": {"fp32": 19.5, "bf16": 312, "fp16": 312}, "L4": {"fp32": 30, "bf16": 121, "fp16": 121}}


def measure(impl, size, device, amp, channels_last, compile_, iters, warmup, ngf, netG, batch_size, model="cycle_gan",
            fused=False, batch_calls=True, peak_tflops=None):
    import warnings
    import torch
    import cyclegan_course.ed_cyclegan, cyclegan_course.harmonicgan    # register their models
    from cyclegan_course.models import MODELS as REGISTRY, build_model, get_device
    dev = get_device(device)
    netG = model_netG(model, netG, size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                 # ED-CycleGAN: untrained ED-Block (timing only)
        extra = {} if model == "pix2pix" else {"batch_calls": batch_calls}
        model_name, model = model, build_model(model, REGISTRY[model].config_cls(ngf=ngf, ndf=ngf, netG=netG, **extra), dev, 0)
    if fused: fused_optimizers(model)
    if channels_last: model.to(memory_format=torch.channels_last)
    if compile_:
        for net in model.children():
            if any(True for _ in net.parameters()): net.compile(mode=None if compile_ is True else compile_)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    real_A = (torch.rand(batch_size, 3, size, size, device=dev) * 2 - 1).contiguous(memory_format=fmt)
    real_B = (torch.rand(batch_size, 3, size, size, device=dev) * 2 - 1).contiguous(memory_format=fmt)
    if impl == "ours":
        scaler = torch.amp.GradScaler(dev.type, enabled=amp == "fp16")
        model.configure_training(amp_dtype={"no": None, "bf16": torch.bfloat16, "fp16": torch.float16}[amp], scaler=scaler)
        batch = {"A": real_A, "B": real_B, "A_paths": [""] * batch_size, "B_paths": [""] * batch_size}
        def step():
            model.set_input(batch)
            return model.optimize_parameters()
    else:
        if amp != "no" or compile_ or model_name != "cycle_gan": raise SystemExit("the naive step is CycleGAN's, in fp32 eager only")
        step_fn = naive_step_factory((model.netG_A, model.netG_B, model.netD_A, model.netD_B), model.optimizer_G,
                                     model.optimizer_D, (model.fake_B_pool, model.fake_A_pool))
        def step(): return step_fn(real_A, real_B)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(warmup): step()
    flops = step_flops(step) if dev.type == "cuda" else None   # one more (counted) iteration, outside the timing
    sync()
    if dev.type == "cuda": torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for _ in range(iters): out = step()
    if impl == "ours": {k: float(v) for k, v in out.items()}   # the engine reads losses only every print_freq
    sync()
    sec = (time.perf_counter() - t0) / iters
    peak = (torch.cuda.max_memory_allocated() / 2**20 if dev.type == "cuda"
            else (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024)
    gpu = torch.cuda.get_device_name(dev) if dev.type == "cuda" else ""
    peak_t = peak_tflops or next((v["fp32" if amp == "no" else amp] for k, v in PEAK_TFLOPS.items() if k in gpu), None)
    return {"impl": impl, "size": size, "device": str(dev), "amp": amp, "channels_last": channels_last,
            "compile": compile_, "fused": fused, "batch_calls": batch_calls if impl == "ours" else "", "sec_per_iter": sec, "peak_MiB": peak,
            "images_per_s": 2 * batch_size / sec, "flops": flops,
            "mfu": flops / sec / (peak_t * 1e12) if flops and peak_t else None, "iters": iters, "batch_size": batch_size,
            "ngf": ngf, "netG": netG, "model": model_name, "torch": torch.__version__,
            "gpu": gpu}


def cpu_ratio(size=64, rounds=20, warmup=3, threads=1):
    "Ours (batched), ours with batch_calls=False and the naive step, alternating in one process; prints medians and ratios."
    import statistics
    import torch
    from cyclegan_course.cyclegan import CycleGAN, CycleGANConfig
    torch.set_num_threads(threads)
    print(f"CycleGAN training step, {size} px, batch 1, CPU ({os.cpu_count()} cores, {threads} thread), torch {torch.__version__}, "
          f"median of {rounds} alternating iterations after {warmup} warm-up\n")
    print("| networks | naive (s/it) | ours (s/it) | ours, batch_calls=False (s/it) | ours / naive | unbatched / naive |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, netG, ngf in (("CPU preset: U-Net 64, ngf=ndf=16", "unet_64", 16), ("official: ResNet-9, ngf=ndf=64", "resnet_9blocks", 64)):
        steps = {}
        g = torch.Generator().manual_seed(0)
        real_A, real_B = (torch.rand(1, 3, size, size, generator=g) * 2 - 1 for _ in "AB")
        batch = {"A": real_A, "B": real_B}
        for key, bc in (("ours", True), ("unbatched", False), ("naive", False)):
            torch.manual_seed(0)
            m = CycleGAN(CycleGANConfig(netG=netG, ngf=ngf, ndf=ngf, batch_calls=bc), "cpu")
            if key == "naive":
                steps[key] = functools.partial(naive_step_factory((m.netG_A, m.netG_B, m.netD_A, m.netD_B), m.optimizer_G,
                                                                  m.optimizer_D, (m.fake_B_pool, m.fake_A_pool)), real_A, real_B)
            else: steps[key] = (lambda m: lambda: (m.set_input(batch), m.optimize_parameters()))(m)
        times = {k: [] for k in steps}
        for r in range(warmup + rounds):
            for k, step in steps.items():
                t0 = time.perf_counter(); step()
                if r >= warmup: times[k].append(time.perf_counter() - t0)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"| {label} | {med['naive']:.4f} | {med['ours']:.4f} | {med['unbatched']:.4f} | {med['ours'] / med['naive']:.3f} | "
              f"{med['unbatched'] / med['naive']:.3f} |", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--device", default="auto")
    p.add_argument("--sizes", type=int, nargs="+", default=[128])
    p.add_argument("--variants", default="basic", help="basic: fp32 eager ours vs naive; all: + channels-last, "
                   "bf16, fp16 and compile for ours (where the device supports them)")
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--ngf", type=int, default=64)
    p.add_argument("--netG", default="resnet_9blocks")
    p.add_argument("--batch_size", type=int, default=1)
    p.add_argument("--models", nargs="+", default=["cycle_gan"], help=f"which models: {' '.join(MODELS)} or all; "
                   "models other than cycle_gan are measured as `ours` (fp32 eager) only")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--cpu_ratio", action="store_true", help="only the CPU comparison ours vs naive at --sizes (default 64), "
                   "alternating in one process (--iters rounds)")
    p.add_argument("--threads", type=int, default=1, help="--cpu_ratio: torch threads")
    p.add_argument("--peak_tflops", type=float, help="the GPU's dense peak TFLOP/s for the measured precision (for MFU); "
                   "default: the table PEAK_TFLOPS by GPU name")
    p.add_argument("--_one", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a._one:
        kw = json.loads(a._one)
        print("RESULT " + json.dumps(measure(**kw)))
        return
    if a.cpu_ratio:
        for size in (a.sizes if "--sizes" in sys.argv else [64]):
            cpu_ratio(size, rounds=a.iters if "--iters" in sys.argv else 20, warmup=a.warmup, threads=a.threads)
        return
    import torch
    cuda = a.device.startswith("cuda") or (a.device == "auto" and torch.cuda.is_available())
    configs = []
    models = list(MODELS) if a.models == ["all"] else a.models
    bad = [m for m in models if m not in MODELS]
    if bad: p.error(f"--models: {bad} not in {MODELS}")
    for size in a.sizes:
        base = dict(size=size, device=a.device, iters=a.iters, warmup=a.warmup, ngf=a.ngf, netG=a.netG,
                    batch_size=a.batch_size, amp="no", channels_last=False, compile_=False, peak_tflops=a.peak_tflops)
        configs += [dict(base, impl="ours", model=m) for m in models if m != "cycle_gan"]
        if "cycle_gan" not in models: continue
        configs += [dict(base, impl="naive"), dict(base, impl="ours")]
        if a.variants == "all":
            configs += [dict(base, impl="ours", batch_calls=False), dict(base, impl="ours", fused=True),
                        dict(base, impl="ours", channels_last=True), dict(base, impl="ours", amp="bf16")]
            if cuda:
                best = dict(base, impl="ours", amp="bf16", channels_last=True, fused=True)
                configs += [dict(base, impl="ours", amp="fp16"), dict(base, impl="ours", amp="bf16", channels_last=True), best,
                            dict(best, compile_=True), dict(best, compile_="reduce-overhead"),   # the latter: CUDA graphs
                            dict(best, amp="fp16", compile_=True)]
            else: configs += [dict(base, impl="ours", compile_=True)]
    results = []
    for c in configs:
        r = subprocess.run([sys.executable, __file__, "--_one", json.dumps(c)], capture_output=True, text=True)
        line = next((l for l in r.stdout.splitlines() if l.startswith("RESULT ")), None)
        if line is None:
            print(f"failed: {c}\n{r.stderr[-2000:]}", file=sys.stderr); continue
        results.append(json.loads(line[7:]))
        x = results[-1]
        print(f"  {x['model']:12s} {x['impl']:5s} {x['size']:4d}px amp={x['amp']:4s} channels_last={str(x['channels_last']):5s} "
              f"compile={str(x['compile']):5s} fused={str(x['fused']):5s} batch_calls={str(x['batch_calls']):5s}: "
              f"{x['sec_per_iter']*1000:8.1f} ms/it  peak {x['peak_MiB']:8.1f} MiB", flush=True)
    if not results: sys.exit(1)
    dev = results[0]["gpu"] or f"CPU ({os.cpu_count()} cores)"
    print(f"\nTraining step, {a.netG} (pix2pix: the U-Net of the image size), ngf=ndf={results[0]['ngf']}, batch {results[0]['batch_size']}, "
          f"{dev}, torch {results[0]['torch']}, {a.iters} timed iterations after {a.warmup} warm-up\n")
    naive = {x["size"]: x["sec_per_iter"] for x in results if x["impl"] == "naive"}
    print("| model | netG | impl | size | amp | channels-last | compile | fused Adam | batch_calls | s / iteration | images/s "
          "| × naive | peak memory (MiB) | GFLOP / iteration | MFU |")
    print("|---|---|---|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|")
    for x in results:
        speedup = f"{naive[x['size']] / x['sec_per_iter']:.2f}" if x["size"] in naive and x["model"] == "cycle_gan" else ""
        gflop = f"{x['flops'] / 1e9:.1f}" if x.get("flops") else ""
        mfu = f"{x['mfu']:.1%}" if x.get("mfu") else ""
        print(f"| {x['model']} | {x['netG']} | {x['impl']} | {x['size']}² | {x['amp']} | {x['channels_last']} | {x['compile']} | "
              f"{x['fused']} | {x['batch_calls']} | {x['sec_per_iter']:.4f} | {x['images_per_s']:.1f} | {speedup} | "
              f"{x['peak_MiB']:.0f} | {gflop} | {mfu} |")
    if a.json: Path(a.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
