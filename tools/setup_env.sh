#!/usr/bin/env bash
# Create .venv (Python 3.11) with torch, mmcv 2.1.0 with compiled ops, and clseg in editable mode.
# Idempotent: each step checks before it installs. mmcv comes from $CLSEG_WHEELHOUSE when it holds a
# matching wheel, else from the cache ~/.cache/clseg/wheels, else it is built once by tools/build_mmcv.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${CLSEG_VENV:-.venv}
cache=${CLSEG_CACHE:-$HOME/.cache/clseg/wheels}
py311=${PYTHON311:-$(command -v python3.11 || true)}

if [ ! -x "$venv/bin/python" ]; then
    [ -n "$py311" ] || { echo "error: python3.11 not found; set PYTHON311=/path/to/python3.11" >&2; exit 1; }
    "$py311" -m venv "$venv"
fi
py="$venv/bin/python"
pip() { "$py" -m pip --disable-pip-version-check "$@"; }

has() { "$py" -c "$1" >/dev/null 2>&1; }

has 'import setuptools, sys; v = tuple(map(int, setuptools.__version__.split(".")[:2])); sys.exit(not (77,) <= v < (82,))' \
    || pip install -q "setuptools>=77,<82" wheel
has 'import torch, torchvision; assert torch.__version__.startswith("2.14.1") and torchvision.__version__.startswith("0.29.1")' \
    || pip install -q torch==2.14.1 torchvision==0.29.1

find_mmcv_wheel() {
    local tag
    tag=$("$py" -c 'import sys, platform; print(f"cp{sys.version_info.major}{sys.version_info.minor}-cp{sys.version_info.major}{sys.version_info.minor}-linux_{platform.machine()}")')
    for dir in ${CLSEG_WHEELHOUSE:-} "$cache"; do
        [ -d "$dir" ] || continue
        for whl in "$dir"/mmcv-2.1.0-"$tag".whl; do
            [ -f "$whl" ] && { echo "$whl"; return 0; }
        done
    done
    return 1
}

if ! has 'import mmcv, mmcv.ops; assert mmcv.__version__ == "2.1.0"'; then
    if ! whl=$(find_mmcv_wheel); then
        echo "no prebuilt mmcv 2.1.0 wheel found; building it from source into $cache" >&2
        PYTHON="$py" tools/build_mmcv.sh "$cache"
        whl=$(find_mmcv_wheel)
    fi
    echo "installing $whl" >&2
    pip install -q "$whl"
fi

pip install -q -e '.[test,coco,tensorboard]'
has 'import mmcv.ops, mmseg, platform_core' || { echo "error: setup finished but imports fail" >&2; exit 1; }
echo "clseg environment ready in $venv"
