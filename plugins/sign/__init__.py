"""clseg plugin 'sign': SIGN generalized zero-shot segmentation, staged in one task."""
import platform_core.embeddings  # noqa: F401  (registers the class-embedding providers)

from . import models  # noqa: F401  (registers SIGNSegmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
