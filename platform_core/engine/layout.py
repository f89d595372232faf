"""The one owner of a run's folder layout. Everything a run writes lives under its work dir::

    <work_dir>/state.json          progress, written first after each task (resume reads it)
    <work_dir>/results.json        one entry per finished task
    <work_dir>/results.md          the report, rewritten after each task
    <work_dir>/results.html        the same report as a static page, with the config
    <work_dir>/vis_data/           every task's evaluation scalars, in the config's vis backends
    <work_dir>/plots/              the figures results.md shows (predictions.png: the last task's test images)
    <work_dir>/task_<t>/           task t's mmengine work dir: checkpoints, logs, last_checkpoint
    <work_dir>/task_<t>/<plugin>/  files a plugin writes for task t (mined masks, ...)
    <work_dir>/test_task_<t>/      tools/test.py's evaluation of task t

Hooks receive a :class:`RunLayout` instead of rebuilding these paths.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from mmengine.runner import find_latest_checkpoint

from ..errors import ScenarioError

__all__ = ['RunLayout']


@dataclass(frozen=True)
class RunLayout:
    """Paths of the run in ``root`` (its work dir)."""
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, 'root', Path(self.root))

    @property
    def state_file(self) -> Path:
        return self.root / 'state.json'

    @property
    def results_json(self) -> Path:
        return self.root / 'results.json'

    @property
    def results_md(self) -> Path:
        return self.root / 'results.md'

    @property
    def results_html(self) -> Path:
        return self.root / 'results.html'

    @property
    def vis_dir(self) -> Path:
        return self.root / 'vis_data'

    @property
    def predictions_png(self) -> Path:
        return self.root / 'plots' / 'predictions.png'

    def task_dir(self, index: int) -> Path:
        return self.root / f'task_{index}'

    def plugin_dir(self, index: int, plugin: str) -> Path:
        """Where ``plugin`` keeps its files of task ``index`` (not created here)."""
        return self.task_dir(index) / plugin

    def test_dir(self, index: int) -> Path:
        return self.root / f'test_task_{index}'

    def latest_checkpoint(self, index: int) -> Optional[str]:
        """Task ``index``'s checkpoint named by its ``last_checkpoint``, None when it has none."""
        return find_latest_checkpoint(str(self.task_dir(index)))

    def previous_checkpoint(self, index: int) -> str:
        """The checkpoint of task ``index - 1``: where task ``index`` starts, or its frozen teacher."""
        path = self.latest_checkpoint(index - 1)
        if path is None:
            raise ScenarioError(f'task {index} starts from task {index - 1}, but {self.task_dir(index - 1)} has no '
                                'checkpoint (`last_checkpoint`). Run the earlier tasks first, or resume the run '
                                'with --resume.')
        return path
