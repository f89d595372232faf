"""WILSON's per-step configuration as a pure function of the run config and the task."""
from typing import Any, Optional

from platform_core.config import section_options
from platform_core.errors import ConfigError
from platform_core.scenario import previous_step_overrides
from platform_core.splits import incremental_tasks

__all__ = ['step_overrides', 'check_learnable_steps', 'DEFAULTS']

DEFAULTS = dict(lr=1e-3, head_lr_mult=10.0, localizer_lr=1e-2, power=0.9, seg_start_epoch=None)


def step_overrides(cfg: Any, task: Any, layout: Any) -> Optional[dict]:
    """Steps > 0: teacher/student checkpoint, old channel count, per-group lrs (backbone ``lr``, decode head
    x ``head_lr_mult``, localizer ``localizer_lr``), constant lr until ``seg_start_iter`` then poly.
    ``seg_start_epoch`` sets ``seg_start_iter`` from the scenario's ``epoch_iters`` (steps given in epochs)."""
    check_learnable_steps(cfg)
    if task.index == 0:
        return None
    opts = section_options(cfg, 'wilson', DEFAULTS)
    start, end = seg_start(cfg, opts['seg_start_epoch']), int(cfg.train_cfg.max_iters)
    custom_keys = {'decode_head': dict(lr_mult=opts['head_lr_mult']),
                   'localizer': dict(lr_mult=opts['localizer_lr'] / opts['lr'])}
    return {**previous_step_overrides(cfg, task, layout), 'model.seg_start_iter': start,
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



def check_learnable_steps(cfg: Any) -> None:
    """WILSON learns a step's classes from image labels; in a step of one class every training image carries that
    one label, so the classifier sees no negative image and cannot learn (the paper says so): refuse such a
    scenario (15-1, 10-1, 19-1) before step 0 trains, instead of producing meaningless numbers."""
    scenario = cfg.get('scenario') or {}
    steps = scenario.get('tasks') or (incremental_tasks(scenario['setting']) if scenario.get('setting') else [])
    single = [i for i, classes in enumerate(steps) if i > 0 and len(classes) == 1]
    if single:
        raise ConfigError(f"wilson cannot learn single-class steps (scenario setting {scenario.get('setting')!r}, "
                          f'steps {single}): from image labels of one class there is no negative image. Use a '
                          'setting with >= 2 new classes per step (15-5, 10-10), or mib / plop / finetune with pixel '
                          'labels.')
