"""What a class-incremental step takes from the step before it: the checkpoint its student starts from (and its
frozen teacher is), and how many channels that model had. One function for every method that distils."""
from typing import Any, Optional

from ..config import section_options
from ..errors import ScenarioError
from .task import Task

__all__ = ['previous_step_overrides', 'previous_checkpoint', 'incremental_step_overrides', 'STEP_OPTIONS']


def previous_checkpoint(cfg: Any, task: Task, layout: Any) -> Optional[str]:
    """The previous step's checkpoint (``layout``: the run's ``RunLayout``); None when this step's own full
    checkpoint is loaded instead (``load_from``: tools/test.py) and the run's earlier steps are not at hand."""
    try:
        return layout.previous_checkpoint(task.index)
    except ScenarioError:
        if cfg.get('load_from'):
            return None
        raise


def previous_step_overrides(cfg: Any, task: Task, layout: Any) -> Optional[dict]:
    """``model.init_from`` and ``model.num_old_classes`` (background + old classes) for a step > 0; None at step 0."""
    if task.index == 0:
        return None
    return {'model.init_from': previous_checkpoint(cfg, task, layout),
            'model.num_old_classes': len(task.old_classes)}


# a method's options for steps > 0 (``mib = dict(lr=1e-3)``): None keeps the config's optimizer lr
STEP_OPTIONS = dict(lr=None)


def incremental_step_overrides(cfg: Any, task: Task, layout: Any, name: str) -> Optional[dict]:
    """:func:`previous_step_overrides`, and for steps > 0 the optimizer lr of the config's ``<name>.lr`` section
    (MiB and PLOP train steps > 0 at a tenth of step 0's lr)."""
    opts = section_options(cfg, name, STEP_OPTIONS)
    overrides = previous_step_overrides(cfg, task, layout)
    if overrides is not None and opts['lr'] is not None:
        overrides['optim_wrapper.optimizer.lr'] = float(opts['lr'])
    return overrides
