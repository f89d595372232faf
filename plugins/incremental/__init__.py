"""clseg plugin 'incremental': the class-incremental scenario and its old / new / all metrics."""
from . import metric, scenario  # noqa: F401  (register IncrementalIoUMetric and ClassIncremental)
from .plugin import clseg_after_task, clseg_plugin_info, clseg_report

__all__ = ['clseg_plugin_info', 'clseg_after_task', 'clseg_report']
