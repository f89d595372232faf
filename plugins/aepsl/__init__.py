"""clseg plugin 'aepsl': AE-PSL (Wei et al., CVPR 2017): adversarial erasing + prohibitive segmentation learning."""
from platform_core.models import cam  # noqa: F401  (registers CAMClassifier)

from . import models, transforms  # noqa: F401  (register PSLSegmentor, EraseMinedRegions, LoadPseudoMask)
from .plugin import clseg_after_task, clseg_configure_task, clseg_plugin_info, clseg_report

__all__ = ['clseg_plugin_info', 'clseg_configure_task', 'clseg_after_task', 'clseg_report']
