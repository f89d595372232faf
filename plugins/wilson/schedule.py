"""WILSON's per-step configuration as a pure function of the run config and the task."""
from typing import Any, Optional

from platform_core.engine import previous_task_checkpoint
from platform_core.errors import ConfigError

__all__ = ['step_overrides', 'DEFAULTS']

DEFAULTS = dict(lr=1e-3, head_lr_mult=10.0, localizer_lr=1e-2, power=0.9)


def step_overrides(cfg: Any, task: Any) -> Optional[dict]:
    """Steps > 0: teacher/student checkpoint, old channel count, per-group lrs (backbone ``lr``, decode head
    x ``head_lr_mult``, localizer ``localizer_lr``), constant lr until ``seg_start_iter`` then poly."""
    if task.index == 0:
        return None
    unknown = set(cfg.get('wilson', {})) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f'`wilson` has unknown keys {sorted(unknown)}; known: {sorted(DEFAULTS)}.')
    opts = dict(DEFAULTS, **cfg.get('wilson', {}))
    start, end = int(cfg.model.get('seg_start_iter', 0)), int(cfg.train_cfg.max_iters)
    custom_keys = {'decode_head': dict(lr_mult=opts['head_lr_mult']),
                   'localizer': dict(lr_mult=opts['localizer_lr'] / opts['lr'])}
    return {'model.init_from': previous_task_checkpoint(cfg.work_dir, task.index),
            'model.num_old_classes': len(task.old_classes),
            'optim_wrapper.optimizer.lr': opts['lr'],
            'optim_wrapper.paramwise_cfg': dict(custom_keys=custom_keys),
            'param_scheduler': [dict(type='PolyLR', eta_min=0.0, power=opts['power'], begin=min(start, end - 1),
                                     end=end, by_epoch=False)]}
