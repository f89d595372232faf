"""Model parts shared by several methods."""
from .cam import CAMClassifier
from .segmentor import ContinualSegmentor, collect_extra_losses, current_iter

__all__ = ['CAMClassifier', 'ContinualSegmentor', 'collect_extra_losses', 'current_iter']
