"""Every task's evaluation as scalars in the run's vis backends (mmengine's: TensorBoard with ``--tensorboard``,
the local JSON by default, W&B, MLflow, ... as the config's ``visualizer.vis_backends`` names them): task t's
metrics at step t, under ``eval/``, written by one set of backends per run into ``<work_dir>/vis_data``. The
tasks' own runners keep logging the training scalars (loss, lr) into ``task_<t>/<time>/vis_data``."""
import copy
from typing import Any

from mmengine.registry import VISBACKENDS

from .layout import RunLayout

__all__ = ['task_scalars', 'EvalScalarWriter']


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def task_scalars(entry: dict) -> dict[str, float]:
    """A results entry's numbers: ``eval/<metric>`` (mIoU, old / new / all, hIoU, FB-IoU, ...),
    ``eval/per_class_iou/<class>`` (classes with an IoU) and ``eval/<plugin>/<key>`` (a plugin's numbers,
    e.g. forgetting)."""
    metrics = entry.get('metrics') or {}
    scalars = {f'eval/{k}': float(v) for k, v in metrics.items() if _number(v)}
    scalars.update({f'eval/per_class_iou/{name}': float(v)
                    for name, v in (metrics.get('per_class_iou') or {}).items() if _number(v)})
    for plugin, extras in (entry.get('plugins') or {}).items():
        if isinstance(extras, dict):
            scalars.update({f'eval/{plugin}/{k}': float(v) for k, v in extras.items() if _number(v)})
    return scalars


class EvalScalarWriter:
    """The config's vis backends, saving into the run's ``vis_data`` folder (main process only)."""

    def __init__(self, cfg: Any, layout: RunLayout) -> None:
        configured = (cfg.get('visualizer') or {}).get('vis_backends') or cfg.get('vis_backends') or []
        self.backends = [VISBACKENDS.build(dict(copy.deepcopy(dict(b)), save_dir=str(layout.vis_dir)))
                         for b in configured]

    def write(self, entry: dict) -> None:
        """Task ``entry['task']['index']``'s scalars, at that step."""
        scalars = task_scalars(entry)
        if scalars:
            for backend in self.backends:
                backend.add_scalars(scalars, step=int(entry['task']['index']))

    def close(self) -> None:
        for backend in self.backends:
            backend.close()
