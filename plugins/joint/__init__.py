"""clseg plugin 'joint': the fully supervised, single-task scenario."""
from . import scenario  # noqa: F401  (registers the Joint scenario)
from .plugin import clseg_plugin_info

__all__ = ['clseg_plugin_info']
