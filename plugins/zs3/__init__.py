"""clseg plugin 'zs3': the ZS3Net generative zero-shot baseline (shares SIGN's generator, MMD and stage loop)."""
import plugins.sign  # noqa: F401  (registers StagedTrainLoop and the embedding providers)

from . import models  # noqa: F401  (registers ZS3Segmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
