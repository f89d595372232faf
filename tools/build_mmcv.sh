#!/usr/bin/env bash
# Build mmcv 2.1.0 WITH compiled ops from its sdist into a wheel directory.
# torch 2.14's headers need C++20, which mmcv 2.1.0's setup.py predates, so we patch its -std flags.
# Usage: tools/build_mmcv.sh OUT_DIR   (uses $PYTHON or the python on PATH, which must already have torch)
# Offline: MMCV_SDIST=/path/mmcv-2.1.0.tar.gz uses that sdist instead of downloading it.
# CUDA ops are built when nvcc and a GPU are present (TORCH_CUDA_ARCH_LIST narrows the architectures).
set -euo pipefail
out=${1:?usage: tools/build_mmcv.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
py=${PYTHON:-python}
case "$py" in */*) py="$(cd "$(dirname "$py")" && pwd)/$(basename "$py")" ;; esac  # the build runs elsewhere
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# pkg_resources (gone in setuptools 82) is imported by mmcv's setup.py; ninja makes the build parallel.
"$py" -c 'import pkg_resources, wheel, ninja' 2>/dev/null || "$py" -m pip install -q "setuptools>=77,<82" wheel ninja
sdist=${MMCV_SDIST:-}
if [ -z "$sdist" ]; then
    "$py" -m pip download -q --no-deps --no-binary :all: --no-build-isolation -d "$work" mmcv==2.1.0
    sdist="$work/mmcv-2.1.0.tar.gz"
fi
tar -xzf "$sdist" -C "$work"
src="$work/mmcv-2.1.0"
sed -i -e 's/-std=c++14/-std=c++20/g' -e 's/-std=c++17/-std=c++20/g' "$src/setup.py"

force_cuda=0
if command -v nvcc >/dev/null 2>&1 && "$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    force_cuda=1
fi
echo "building mmcv 2.1.0 (FORCE_CUDA=$force_cuda); this takes about 10 minutes on 2 cores" >&2
(cd "$src" && MMCV_WITH_OPS=1 FORCE_CUDA=$force_cuda MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    "$py" -m pip wheel -q --no-deps --no-build-isolation -w "$out" .)
ls "$out"/mmcv-2.1.0-*.whl
