"""clseg plugin 'incremental': the class-incremental scenario and its old / new / all metrics."""
from platform_core.evaluation import incremental as _metric  # noqa: F401  (registers IncrementalIoUMetric)
from . import scenario  # noqa: F401  (registers ClassIncremental)
from .plugin import clseg_after_task, clseg_plugin_info, clseg_report

__all__ = ['clseg_plugin_info', 'clseg_after_task', 'clseg_report']
