"""clseg plugin 'plop': PLOP (Douillard et al., CVPR 2021), class-incremental segmentation with pixel labels."""
from . import models, thresholds  # noqa: F401  (register PLOPSegmentor, PLOPThresholdHook)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']

