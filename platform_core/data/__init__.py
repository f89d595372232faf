"""SynthVOC generator, VOC-layout datasets, per-image class sets and scenario transforms."""
from .dataset import SynthVOCDataset, VOCLayoutDataset
from .image_classes import image_class_sets
from .transforms import DropPixelLabels, PackClsegInputs, RemapLabels, pipeline_with

__all__ = ['SynthVOCDataset', 'VOCLayoutDataset', 'image_class_sets', 'RemapLabels', 'DropPixelLabels',
           'PackClsegInputs', 'pipeline_with']
