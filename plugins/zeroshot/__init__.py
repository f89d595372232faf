"""clseg plugin 'zeroshot': the generalized zero-shot scenario and its GZSL metric."""
from . import metric, scenario  # noqa: F401  (register GZSLMetric and the ZeroShot scenario)
from .plugin import clseg_plugin_info, clseg_report

__all__ = ['clseg_plugin_info', 'clseg_report']
