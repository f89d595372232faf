"""clseg plugin 'wilson': WILSON (CVPR 2022), class-incremental segmentation from image-level labels."""
from . import models  # noqa: F401  (registers WILSONSegmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
