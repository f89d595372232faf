"""Tasks, the Scenario protocol and label policies."""
from .labels import (IGNORE_INDEX, apply_lut, build_lut, classes_present, has_any, keep_classes, keep_image,
                     only_within)
from .heads import num_classes_overrides
from .previous_step import incremental_step_overrides, previous_checkpoint, previous_step_overrides
from .schedule import iters_per_epoch, task_length_overrides
from .task import Scenario, Task

__all__ = ['Task', 'Scenario', 'num_classes_overrides', 'iters_per_epoch', 'task_length_overrides', 'IGNORE_INDEX',
           'build_lut', 'apply_lut', 'previous_checkpoint', 'previous_step_overrides',
           'incremental_step_overrides', 'keep_classes',
           'classes_present', 'has_any', 'only_within', 'keep_image']
