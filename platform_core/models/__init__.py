"""Model parts shared by several methods."""
from .cam import CAMClassifier
from .plugin_losses import PluginLossMixin, attach_plugins, collect_extra_losses
from .segmentor import ContinualSegmentor, current_iter
from .generative_zsl import GenerativeZSLSegmentor
from .incremental import IncrementalSegmentor

__all__ = ['CAMClassifier', 'ContinualSegmentor', 'GenerativeZSLSegmentor', 'IncrementalSegmentor', 'PluginLossMixin',
           'attach_plugins', 'collect_extra_losses', 'current_iter']
