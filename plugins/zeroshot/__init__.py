"""clseg plugin 'zeroshot': the generalized zero-shot scenario and its GZSL metric."""
import platform_core.evaluation.gzsl  # noqa: F401  (registers GZSLMetric)

from . import scenario  # noqa: F401  (registers the ZeroShot scenario)
from .plugin import clseg_plugin_info

__all__ = ['clseg_plugin_info']
