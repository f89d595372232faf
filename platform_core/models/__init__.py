"""Model parts shared by several methods."""
from .cam import CAMClassifier
from .segmentor import ContinualSegmentor, collect_extra_losses, current_iter
from .generative_zsl import GenerativeZSLSegmentor

__all__ = ['CAMClassifier', 'ContinualSegmentor', 'GenerativeZSLSegmentor', 'collect_extra_losses', 'current_iter']
