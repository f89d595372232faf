"""SynthVOC generator, VOC-layout and real datasets (VOC+SBD, COCO, ADE20K, Pascal-Context), per-image
class sets and scenario transforms."""
from .checks import CheckSegSample
from .dataset import SynthVOCDataset, VOCLayoutDataset
from .real import (ADE20KBgDataset, ADE20KSegDataset, COCOSemanticDataset, PascalContext59Dataset,
                   PascalContext60Dataset, PascalVOCAugDataset)
from .image_classes import image_class_sets
from .transforms import (ClassesToAttributes, DropPixelLabels, PackClsegInputs, RemapLabels, ResetOriShape,
                         pipeline_with)

__all__ = ['SynthVOCDataset', 'VOCLayoutDataset', 'PascalVOCAugDataset', 'COCOSemanticDataset', 'ADE20KSegDataset',
           'ADE20KBgDataset', 'PascalContext60Dataset', 'PascalContext59Dataset', 'CheckSegSample',
           'image_class_sets', 'ClassesToAttributes', 'RemapLabels', 'ResetOriShape', 'DropPixelLabels',
           'PackClsegInputs', 'pipeline_with']
