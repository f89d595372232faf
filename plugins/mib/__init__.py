"""clseg plugin 'mib': MiB (Cermelli et al., CVPR 2020), class-incremental segmentation with pixel labels."""
from . import models  # noqa: F401  (registers MiBSegmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
