#!/usr/bin/env bash
# Train on N processes of this machine with torchrun (DDP; NCCL with GPUs, gloo on CPU).
#   tools/dist_train.sh CONFIG N [train.py options...]
set -euo pipefail
CONFIG=${1:?usage: tools/dist_train.sh CONFIG NUM_PROCS [options]}
NPROC=${2:?usage: tools/dist_train.sh CONFIG NUM_PROCS [options]}
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-127.0.0.1}
PY=${PYTHON:-python}
cd "$(dirname "$0")/.."
exec "$PY" -m torch.distributed.run --nnodes="$NNODES" --node_rank="$NODE_RANK" --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROC" --master_port="$PORT" tools/train.py "$CONFIG" --launcher pytorch "${@:3}"
