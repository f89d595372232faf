"""SynthVOC generator and VOC-layout datasets."""
from .dataset import SynthVOCDataset, VOCLayoutDataset

__all__ = ['SynthVOCDataset', 'VOCLayoutDataset']
