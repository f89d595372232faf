"""Model parts shared by several methods."""
from .segmentor import ContinualSegmentor, collect_extra_losses

__all__ = ['ContinualSegmentor', 'collect_extra_losses']
