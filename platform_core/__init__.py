"""clseg's platform core: the plugin contract, the continual engine, metrics, data and shared models.

Importing it registers the core's types (segmentor, datasets, metric, runner, DDP wrapper) into mmseg's
registries and installs the safe checkpoint loader and atomic file writes.
"""
from . import checkpoint, fileio  # noqa: F401  (install the safe loader and atomic writes)
from . import data, evaluation, models  # noqa: F401  (register types)
from .engine import ContinualRunner
from .errors import CheckpointError, ClsegError, ConfigError, DatasetError, PluginError, ScenarioError
from .hookspecs import PluginInfo, hookimpl
from .scenario import Scenario, Task

__version__ = '0.1.0'
__all__ = ['ContinualRunner', 'PluginInfo', 'hookimpl', 'Scenario', 'Task', 'ClsegError', 'ConfigError',
           'PluginError', 'ScenarioError', 'DatasetError', 'CheckpointError']
