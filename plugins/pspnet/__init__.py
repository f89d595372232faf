"""clseg plugin 'pspnet': fully supervised PSPNet over any mmseg backbone."""
from .plugin import clseg_plugin_info

__all__ = ['clseg_plugin_info']
