#!/usr/bin/env bash
# Train under SLURM: one task per GPU, rendezvous through the first node of the allocation.
#   GPUS=8 tools/slurm_train.sh PARTITION JOB_NAME CONFIG [train.py options...]
set -euo pipefail
PARTITION=${1:?usage: tools/slurm_train.sh PARTITION JOB_NAME CONFIG [options]}
JOB_NAME=${2:?usage: tools/slurm_train.sh PARTITION JOB_NAME CONFIG [options]}
CONFIG=${3:?usage: tools/slurm_train.sh PARTITION JOB_NAME CONFIG [options]}
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
SRUN_ARGS=${SRUN_ARGS:-}
PY=${PYTHON:-python}
cd "$(dirname "$0")/.."
export MASTER_PORT=${MASTER_PORT:-29500}
srun -p "$PARTITION" --job-name="$JOB_NAME" --gres=gpu:"$GPUS_PER_NODE" --ntasks="$GPUS" \
    --ntasks-per-node="$GPUS_PER_NODE" --cpus-per-task="$CPUS_PER_TASK" --kill-on-bad-exit=1 $SRUN_ARGS \
    "$PY" -u tools/train.py "$CONFIG" --launcher slurm "${@:4}"
