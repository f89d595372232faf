"""Model parts shared by several methods."""
from .cam import CAMClassifier
from .segmentor import ContinualSegmentor, collect_extra_losses

__all__ = ['CAMClassifier', 'ContinualSegmentor', 'collect_extra_losses']
