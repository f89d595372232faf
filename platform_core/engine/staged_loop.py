"""A training loop whose iterations are split into named stages (SIGN's E/SIM/C, G/D, transfer,
self-training), all inside one task. The stage is a pure function of the global iteration, so a run
resumed from an mmengine checkpoint continues in the stage and at the iteration where it stopped."""
from typing import Optional, Sequence

from mmengine.runner import IterBasedTrainLoop

from platform_core.dist import unwrap
from platform_core.errors import ConfigError
from platform_core.registry import LOOPS

__all__ = ['StagedTrainLoop', 'stage_schedule', 'stage_at', 'stage_lr_factor']


def stage_schedule(stages: Sequence[dict], max_iters: Optional[int] = None) -> list:
    """[(name, begin, end, lr_mult, poly)] over global iterations. A ``max_iters`` different from the sum of
    the stages' ``iters`` rescales every stage proportionally (each keeps at least one iteration)."""
    if not stages:
        raise ConfigError('train_cfg.stages is empty: list dict(name=..., iters=...) for every stage.')
    for stage in stages:
        if not isinstance(stage, dict) or 'name' not in stage or int(stage.get('iters', 0)) < 1:
            raise ConfigError(f'train_cfg.stages: {stage!r} needs a `name` and `iters` >= 1.')
    iters = [int(s['iters']) for s in stages]
    total = sum(iters)
    if max_iters is not None and max_iters != total:
        if max_iters < len(stages):
            raise ConfigError(f'train_cfg.max_iters={max_iters} is fewer than the {len(stages)} stages.')
        iters = [max(1, n * max_iters // total) for n in iters]
        iters[0] += max(0, max_iters - sum(iters))  # what flooring left over goes to the first stage
        while sum(iters) > max_iters:  # the one-iteration minimum pushed the total over
            iters[iters.index(max(iters))] -= 1
    schedule, begin = [], 0
    for stage, n in zip(stages, iters):
        schedule.append((stage['name'], begin, begin + n, float(stage.get('lr_mult', 1.0)), bool(stage.get('poly', True))))
        begin += n
    return schedule


def stage_at(schedule: list, iteration: int) -> tuple:
    """The schedule entry that contains global ``iteration``."""
    for entry in schedule:
        if entry[1] <= iteration < entry[2]:
            return entry
    raise ConfigError(f'iteration {iteration} is past the stage schedule (ends at {schedule[-1][2]}).')


def stage_lr_factor(entry: tuple, iteration: int, power: float = 0.9) -> float:
    """lr multiplier at ``iteration``: the stage's ``lr_mult`` times poly decay within the stage (if on)."""
    _, begin, end, lr_mult, poly = entry
    return lr_mult * ((1 - (iteration - begin) / (end - begin)) ** power if poly else 1.0)


@LOOPS.register_module()
class StagedTrainLoop(IterBasedTrainLoop):
    """mmengine's IterBasedTrainLoop over ``stages``; before each iteration it tells the model its stage
    (``model.enter_stage(name, first=...)``, ``model.stage_iter``) and sets every param group's lr to its
    ``initial_lr`` x :func:`stage_lr_factor` (use no ``param_scheduler``: each stage restarts its poly decay).

    Args:
        stages: ``[dict(name, iters, lr_mult=1.0, poly=True), ...]`` in order; names are the model's STAGES.
        max_iters: optional; rescales the stages (so ``--cfg-options train_cfg.max_iters=N`` works).
    """

    def __init__(self, runner, dataloader, *, stages: Sequence[dict], max_iters: Optional[int] = None,
                 val_begin: int = 1, val_interval: Optional[int] = None, dynamic_intervals=None) -> None:
        self.schedule = stage_schedule(stages, max_iters)
        total = self.schedule[-1][2]
        super().__init__(runner, dataloader, max_iters=total, val_begin=val_begin,
                         val_interval=val_interval or total, dynamic_intervals=dynamic_intervals)
        model = unwrap(runner.model)
        unknown = [e[0] for e in self.schedule if e[0] not in getattr(model, 'STAGES', ())]
        if unknown:
            raise ConfigError(f'train_cfg.stages names {unknown}, which {type(model).__name__} does not have '
                              f'(its stages: {getattr(model, "STAGES", ())}).')
        self._entered: Optional[str] = None

    def run_iter(self, data_batch) -> None:
        entry = stage_at(self.schedule, self._iter)
        model = unwrap(self.runner.model)
        if self._entered != entry[0]:
            model.enter_stage(entry[0], first=self._iter == entry[1])
            self._entered = entry[0]
        model.stage_iter = self._iter - entry[1]
        factor = stage_lr_factor(entry, self._iter)
        for group in self.runner.optim_wrapper.param_groups:
            group.setdefault('initial_lr', group['lr'])  # saved with the optimizer state, so resume keeps it
            group['lr'] = group['initial_lr'] * factor
        self.runner.message_hub.update_info('stage', entry[0])
        super().run_iter(data_batch)
