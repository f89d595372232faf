"""A task is frozen data; a scenario turns a run's config into a sequence of tasks."""
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..errors import ScenarioError
from ..hookspecs import SUPERVISION_KINDS

__all__ = ['Task', 'Scenario']


@dataclass(frozen=True)
class Task:
    """What one task gives the learner.

    Args:
        index: position in the scenario, from 0.
        name: short label for tables, e.g. ``'15-5 step 1'``.
        classes: every class index the model must predict after this task (background included
            where the protocol has it), sorted.
        new_classes: classes first labelled in this task.
        old_classes: classes learned in earlier tasks.
        supervision: ``'pixel'``, ``'image'``, ``'episodes'`` or ``'none'``.
        evaluate: whether the task ends with an evaluation.
        extra: scenario-specific frozen facts (e.g. the mode, unseen classes), as ``(key, value)`` pairs.
    """
    index: int
    name: str
    classes: tuple[int, ...]
    new_classes: tuple[int, ...]
    old_classes: tuple[int, ...] = ()
    supervision: str = 'pixel'
    evaluate: bool = True
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.supervision not in SUPERVISION_KINDS:
            raise ScenarioError(f'task {self.name!r}: supervision {self.supervision!r} is not one of '
                                f'{SUPERVISION_KINDS}.')
        if not set(self.new_classes) <= set(self.classes):
            raise ScenarioError(f'task {self.name!r}: new classes {self.new_classes} are not all in '
                                f'its classes {self.classes}.')

    def get(self, key: str, default: Any = None) -> Any:
        """Look up a scenario-specific fact from ``extra``."""
        return dict(self.extra).get(key, default)

    def as_dict(self) -> dict:
        return dict(index=self.index, name=self.name, classes=list(self.classes),
                    new_classes=list(self.new_classes), old_classes=list(self.old_classes),
                    supervision=self.supervision, evaluate=self.evaluate)


@runtime_checkable
class Scenario(Protocol):
    """How the label space and the supervision change over a run (one per run, built by SCENARIOS)."""

    num_tasks: int

    def task(self, index: int) -> Task:
        """The frozen description of task ``index`` (0 <= index < num_tasks)."""

    def configure(self, cfg: Any, task: Task) -> dict:
        """Dotted-key config overrides that make ``cfg`` train and evaluate ``task``."""
