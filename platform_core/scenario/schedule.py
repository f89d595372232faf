"""Step lengths stated in epochs (as papers give them), for the iteration-based loops the platform runs."""
from typing import Any

from mmengine.dist import get_world_size

from ..registry import DATASETS

__all__ = ['iters_per_epoch']


def iters_per_epoch(dataset: Any, batch_size: int, world_size: int = 0) -> float:
    """Iterations of one pass over ``dataset`` (a dataset config, its filters applied) at the global batch
    size ``batch_size`` x processes (``world_size``; 0 = the running process group's)."""
    images = len(DATASETS.build(dict(dataset, pipeline=[])))  # built without its transforms, only to count
    return images / (batch_size * (world_size or get_world_size()))
