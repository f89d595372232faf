"""The joint scenario: one task, every class, pixel labels (the fully supervised upper bound)."""
from typing import Any

from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import Task, num_classes_overrides

__all__ = ['Joint']


@SCENARIOS.register_module()
class Joint:
    """All ``num_classes`` classes (background included) learned at once from pixel labels.

    Args:
        num_classes: size of the label space, background included (21 for VOC and SynthVOC).
    """
    num_tasks = 1

    def __init__(self, *, num_classes: int) -> None:
        if num_classes < 2:
            raise ScenarioError(f'Joint: num_classes must be at least 2 (background + one class), got {num_classes}.')
        self.num_classes = num_classes

    def task(self, index: int) -> Task:
        if index != 0:
            raise ScenarioError(f'Joint has one task (index 0); task {index} was asked for.')
        classes = tuple(range(self.num_classes))
        return Task(index=0, name='joint', classes=classes, new_classes=classes, supervision='pixel')

    def configure(self, cfg: Any, task: Task) -> dict:
        return num_classes_overrides(cfg, self.num_classes)
