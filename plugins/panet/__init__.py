"""clseg plugin 'panet': PANet few-shot segmentation (prototypes, cosine logits, PAR)."""
from platform_core.models import vgg  # noqa: F401  (registers PANetVGG16)

from . import benchmark, models  # noqa: F401  (register the panet-episodic-eval benchmark and PANet)
from .plugin import clseg_plugin_info

__all__ = ['clseg_plugin_info']
