"""mmengine hooks for tests: simulate a crash mid-task, record where training (re)started."""
import json
from pathlib import Path
from typing import Optional

from mmengine.hooks import Hook

from ..registry import HOOKS


class SimulatedCrash(RuntimeError):
    """Raised by CrashAtIterHook to stand in for a killed process."""


@HOOKS.register_module()
class CrashAtIterHook(Hook):
    """Raise SimulatedCrash before iteration ``at_iter`` (0-based) of a fresh run, of task ``task`` only when
    given; never on resume."""

    def __init__(self, at_iter: int, task: Optional[int] = None) -> None:
        self.at_iter, self.task = at_iter, task
        self.resumed = False

    def after_load_checkpoint(self, runner, checkpoint) -> None:
        self.resumed = True

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        in_task = self.task is None or Path(runner.work_dir).name == f'task_{self.task}'
        if runner.iter == self.at_iter and in_task and not self.resumed:
            raise SimulatedCrash(f'simulated crash before iteration {self.at_iter}')


@HOOKS.register_module()
class RecordStartHook(Hook):
    """Append ``{'start_iter': runner.iter}`` to a JSON-lines file when training starts."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def before_train(self, runner) -> None:
        with open(self.path, 'a') as f:
            f.write(json.dumps(dict(start_iter=runner.iter)) + '\n')
