"""state.json: which tasks of a run are done, with their results, so a killed run can resume."""
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..fileio import atomic_write_json
from .layout import RunLayout

__all__ = ['RunState', 'to_jsonable']

STATE_VERSION = 1


def to_jsonable(obj: Any) -> Any:
    """Numpy/torch scalars to floats, NaN to None, tuples to lists, recursively."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.floating):
        obj = round(float(obj), 4)  # float32 metrics would print as 79.66999816894531
    elif hasattr(obj, 'item') and getattr(obj, 'ndim', 1) == 0:
        obj = obj.item()
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, float) and math.isnan(obj):
        return None
    return obj


@dataclass
class RunState:
    """The run's progress: one finished entry per completed task, in order."""
    num_tasks: int
    scenario: str
    completed: list = field(default_factory=list)

    @property
    def next_task(self) -> int:
        return len(self.completed)

    @classmethod
    def load(cls, work_dir: Path, *, num_tasks: int, scenario: str) -> 'RunState':
        """The saved state, or a fresh one where none was saved yet."""
        path = RunLayout(work_dir).state_file
        if not path.is_file():
            return cls(num_tasks=num_tasks, scenario=scenario)
        data = json.loads(path.read_text())
        if (data.get('num_tasks'), data.get('scenario')) != (num_tasks, scenario):
            raise ConfigError(f'{path} belongs to a run of {data.get("scenario")} with '
                              f'{data.get("num_tasks")} tasks, not {scenario} with {num_tasks}. '
                              'Resume with the config that started it, or use another --work-dir.')
        return cls(num_tasks=num_tasks, scenario=scenario, completed=data['completed'])

    def save(self, work_dir: Path) -> None:
        atomic_write_json(RunLayout(work_dir).state_file,
                          dict(version=STATE_VERSION, num_tasks=self.num_tasks, scenario=self.scenario,
                               completed=self.completed))
