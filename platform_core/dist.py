"""The one helper for devices and distributed calls; method code uses nothing else."""
import os
from typing import Any

import torch
import torch.distributed as torch_dist
from mmengine.dist import get_dist_info, is_main_process
from mmengine.model import BaseTTAModel, is_model_wrapper

__all__ = ['init_distributed', 'get_dist_info', 'is_main_process', 'unwrap', 'device_of', 'barrier',
           'backend_for_device']


def backend_for_device() -> str:
    return 'nccl' if torch.cuda.is_available() else 'gloo'


def init_distributed(launcher: str) -> None:
    """Start the process group before mmengine's Runner, so CPU-only machines work too.

    mmengine 0.10.7's ``init_dist`` always calls ``torch.cuda.set_device``; initialising here (gloo
    without CUDA, nccl with it) makes the Runner skip its own initialisation.
    """
    if launcher == 'none' or torch_dist.is_initialized():
        return
    if launcher == 'slurm':
        _slurm_env_to_torch_env()
    if torch.cuda.is_available():
        torch.cuda.set_device(int(os.environ.get('LOCAL_RANK', 0)))
    torch_dist.init_process_group(backend=backend_for_device())


def _slurm_env_to_torch_env() -> None:
    """Map SLURM's variables to the ones ``init_process_group`` reads (env:// rendezvous)."""
    os.environ.setdefault('RANK', os.environ['SLURM_PROCID'])
    os.environ.setdefault('WORLD_SIZE', os.environ['SLURM_NTASKS'])
    os.environ.setdefault('LOCAL_RANK', os.environ['SLURM_LOCALID'])
    os.environ.setdefault('MASTER_PORT', '29500')
    if 'MASTER_ADDR' not in os.environ:
        import subprocess
        nodes = os.environ['SLURM_NODELIST']
        os.environ['MASTER_ADDR'] = subprocess.getoutput(f'scontrol show hostname {nodes} | head -n1')


def unwrap(model: Any) -> Any:
    """The bare model inside a DDP (or other mmengine) wrapper, or inside a test-time augmentation model."""
    return model.module if is_model_wrapper(model) or isinstance(model, BaseTTAModel) else model


def device_of(module: torch.nn.Module) -> torch.device:
    return next(module.parameters()).device


def barrier() -> None:
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.barrier()
