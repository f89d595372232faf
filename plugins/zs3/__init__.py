"""clseg plugin 'zs3': the ZS3Net generative zero-shot baseline on the core's generative zero-shot segmentor."""
import platform_core.embeddings  # noqa: F401  (registers the class-embedding providers)

from . import models  # noqa: F401  (registers ZS3Segmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
