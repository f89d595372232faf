#!/usr/bin/env bash
# The GPU check (BENCHMARKS.md, "gpu-check"): every method's real-size config trains a few iterations with --amp on
# 512-px SynthVOC; s/iteration, images/s and peak memory each, PSPNet R50's MFU and ratio to plain mmseg, PANet's
# episodic test throughput. Written to work_dirs/gpu_check/gpu_check.{json,md}. About 8 minutes on one H100/H200
# once mmcv is built (DEVELOPERS.md says how to run it on a lent GPU).
#
#   tools/gpu_check.sh [gpu-check options]    on the GPU machine, from the repository root
#   tools/gpu_check.sh --dry-run              anywhere: build the plan and check every config on a tiny SynthVOC
#
# Environment: PYTHON (default python3, the one with torch); CLSEG_WHEELS, a folder from tools/gpu_wheels.sh whose
# wheels are installed first; MMCV_SDIST (default $CLSEG_WHEELS/mmcv-2.1.0.tar.gz) built by tools/build_mmcv.sh when
# mmcv's ops do not import (MMCV_CUDA_OPS=1 also builds its CUDA kernels, which no clseg method calls: minutes more).
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
dry=0
for arg in "$@"; do [ "$arg" = --dry-run ] && dry=1; done

if [ "$dry" = 1 ]; then
    data=$(mktemp -d)
    trap 'rm -rf "$data"' EXIT
    "$py" tools/make_synthetic.py --out "$data/synthvoc" --size 64 --num-train 40 --num-val 20 >/dev/null
    exec "$py" tools/benchmark.py gpu-check --data-root "$data/synthvoc" "$@"
fi

has() { "$py" -c "$1" >/dev/null 2>&1; }
if [ -n "${CLSEG_WHEELS:-}" ]; then
    "$py" -m pip install -q --no-index --no-deps "$CLSEG_WHEELS"/*.whl
fi
if ! has 'import mmcv.ops'; then
    sdist=${MMCV_SDIST:-${CLSEG_WHEELS:-.}/mmcv-2.1.0.tar.gz}
    [ -f "$sdist" ] || { echo "gpu_check: mmcv's ops do not import and there is no sdist at $sdist: run" \
        "tools/gpu_wheels.sh DIR where pip reaches an index, bring DIR here, set CLSEG_WHEELS=DIR" >&2; exit 2; }
    wheels=$(mktemp -d)
    if [ "${MMCV_CUDA_OPS:-0}" = 1 ]; then
        PYTHON="$py" MMCV_SDIST="$sdist" tools/build_mmcv.sh "$wheels"
    else  # only what importing mmseg needs: the CPU ops, built fast
        PYTHON="$py" MMCV_SDIST="$sdist" CUDA_VISIBLE_DEVICES= tools/build_mmcv.sh "$wheels"
    fi
    "$py" -m pip install -q --no-index --no-deps "$wheels"/mmcv-*.whl
fi
# installed, not only importable from here: the plugins are found through the package's entry points
has 'import importlib.metadata as m; m.distribution("clseg")' \
    || "$py" -m pip install -q --no-index --no-deps --no-build-isolation -e .
"$py" -c 'import mmcv.ops, mmseg, platform_core, torch; assert torch.cuda.is_available(), "no CUDA device"'
[ -f data/synthvoc512/synthvoc.json ] || "$py" tools/make_synthetic.py --out data/synthvoc512 --size 512 \
    --num-train 320 --num-val 40 --workers "$(nproc)"
exec "$py" tools/benchmark.py gpu-check --data-root data/synthvoc512 "$@"
