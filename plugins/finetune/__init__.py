"""clseg plugin 'finetune': the fine-tuning baseline of class-incremental runs (lower bound)."""
from . import models  # noqa: F401  (registers FinetuneSegmentor)
from .plugin import clseg_configure_task, clseg_plugin_info

__all__ = ['clseg_plugin_info', 'clseg_configure_task']
