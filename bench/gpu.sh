#!/usr/bin/env bash
# The GPU benchmarks in one run (for the lent GPU machine, or any CUDA machine with torch and torchvision installed):
# the training step's variants at 256² batch 1 (naive official step, ours, batched or not, fused Adam, channels-last,
# bf16/fp16 AMP, torch.compile, CUDA graphs via compile mode "reduce-overhead"), then the data loader with 0-8 workers
# on the built-in set (no dataset download). Results go to $OUT (or bench/results/gpu) as JSON and a log.
#   bash bench/gpu.sh                # ~5-8 minutes on an H100-class GPU
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
OUT=${OUT:-bench/results/gpu}
mkdir -p "$OUT"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  $PY -c "import torch, torchvision; print('torch', torch.__version__, 'torchvision', torchvision.__version__, 'cuda', torch.version.cuda)"
  $PY bench/train_step.py --device cuda --sizes 256 --variants all --iters 30 --warmup 10 --json "$OUT/train_step_cuda.json"
  ROOT=$($PY -c "from cyclegan_course.builtin import builtin_unpaired; print(builtin_unpaired())")
  $PY bench/data_loader.py --dataroot "$ROOT" --workers 0 2 4 8 --items 300
} 2>&1 | tee "$OUT/gpu.log"
