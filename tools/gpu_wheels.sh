#!/usr/bin/env bash
# Gather what tools/gpu_check.sh installs on a GPU machine that has PyTorch but no package index: the pure-Python
# wheels of mmengine, mmsegmentation and what they need beyond a PyTorch image (setuptools < 82, wheel and ninja for
# mmcv's build), and mmcv 2.1.0's sdist (its ops are compiled there, against that machine's torch). Run it where pip
# reaches an index; a CUDA PyTorch image of another Python version takes these wheels (all py3-none).
# Usage: tools/gpu_wheels.sh DIR     then, on the GPU machine: CLSEG_WHEELS=DIR tools/gpu_check.sh
set -euo pipefail
out=${1:?usage: tools/gpu_wheels.sh DIR}
py=${PYTHON:-python3}
mkdir -p "$out"
"$py" -m pip download -q --no-deps --only-binary=:all: -d "$out" \
    mmengine==0.10.7 mmsegmentation==1.2.2 addict==2.4.0 yapf==0.43.0 platformdirs termcolor prettytable wcwidth ftfy \
    "setuptools>=77,<82" wheel ninja
"$py" -m pip download -q --no-deps --no-binary :all: --no-build-isolation -d "$out" mmcv==2.1.0
ls "$out"
