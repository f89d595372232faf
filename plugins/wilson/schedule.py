"""WILSON's per-step configuration as a pure function of the run config and the task."""
from typing import Any, Optional

from platform_core.errors import ConfigError, ScenarioError

__all__ = ['step_overrides', 'DEFAULTS']

DEFAULTS = dict(lr=1e-3, head_lr_mult=10.0, localizer_lr=1e-2, power=0.9, seg_start_epoch=None)


def step_overrides(cfg: Any, task: Any, layout: Any) -> Optional[dict]:
    """Steps > 0: teacher/student checkpoint, old channel count, per-group lrs (backbone ``lr``, decode head
    x ``head_lr_mult``, localizer ``localizer_lr``), constant lr until ``seg_start_iter`` then poly.
    ``seg_start_epoch`` sets ``seg_start_iter`` from the scenario's ``epoch_iters`` (steps given in epochs)."""
    if task.index == 0:
        return None
    unknown = set(cfg.get('wilson', {})) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f'`wilson` has unknown keys {sorted(unknown)}; known: {sorted(DEFAULTS)}.')
    opts = dict(DEFAULTS, **cfg.get('wilson', {}))
    start, end = seg_start(cfg, opts['seg_start_epoch']), int(cfg.train_cfg.max_iters)
    custom_keys = {'decode_head': dict(lr_mult=opts['head_lr_mult']),
                   'localizer': dict(lr_mult=opts['localizer_lr'] / opts['lr'])}
    return {'model.init_from': student_init(cfg, task.index, layout),
            'model.num_old_classes': len(task.old_classes), 'model.seg_start_iter': start,
            'optim_wrapper.optimizer.lr': opts['lr'],
            'optim_wrapper.paramwise_cfg': dict(custom_keys=custom_keys),
            'param_scheduler': [dict(type='PolyLR', eta_min=0.0, power=opts['power'], begin=min(start, end - 1),
                                     end=end, by_epoch=False)]}


def seg_start(cfg: Any, epoch: Optional[float]) -> int:
    """The first iteration with L_SEG / L_SSS: ``model.seg_start_iter``, or ``epoch`` x the step's epoch length."""
    if epoch is None:
        return int(cfg.model.get('seg_start_iter', 0))
    if cfg.get('epoch_iters') is None:
        raise ConfigError('wilson.seg_start_epoch counts in epochs, but this step\'s length is not: give the '
                          'scenario train_epochs (it sets epoch_iters), or use model.seg_start_iter instead.')
    return round(epoch * cfg.epoch_iters)


def student_init(cfg: Any, index: int, layout: Any) -> Optional[str]:
    """The previous step's checkpoint (student init, teacher; ``layout``: the run's ``RunLayout``); None when this
    step's own full checkpoint is loaded (``load_from``: tools/test.py) and the run's earlier steps are not at
    hand."""
    try:
        return layout.previous_checkpoint(index)
    except ScenarioError:
        if cfg.get('load_from'):
            return None
        raise
