"""Stop a run whose loss is NaN or infinite: it would otherwise train to the end and report metrics of a
broken model with exit 0."""
import math
from typing import Optional

from mmengine.hooks import Hook

from ..errors import TrainingError
from ..registry import HOOKS

__all__ = ['FiniteLossHook', 'non_finite_terms']


def non_finite_terms(log_vars: dict) -> dict[str, float]:
    """The loss terms of ``log_vars`` (keys containing 'loss') whose value is NaN or infinite."""
    bad = {}
    for key, value in log_vars.items():
        if 'loss' in key:
            number = float(value.detach() if hasattr(value, 'detach') else value)
            if not math.isfinite(number):
                bad[key] = number
    return bad


@HOOKS.register_module()
class FiniteLossHook(Hook):
    """After every training iteration, raise TrainingError when a loss term is NaN or infinite (every clseg run
    has it; ``ContinualRunner`` adds it)."""
    priority = 'VERY_HIGH'

    def after_train_iter(self, runner, batch_idx: int, data_batch=None, outputs: Optional[dict] = None) -> None:
        bad = non_finite_terms(outputs or {})
        if bad:
            terms = ', '.join(f'{key} = {value}' for key, value in bad.items())
            raise TrainingError(
                f'{terms} at iteration {runner.iter + 1} of {runner.work_dir}: training diverged, and the run '
                'stops rather than report metrics of a broken model. Lower the learning rate '
                '(optim_wrapper.optimizer.lr), add gradient clipping (optim_wrapper.clip_grad), or check the data '
                'and labels; the last good checkpoint, if any, is in that folder.')
