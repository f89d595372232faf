"""Real datasets (VOC + SBD, COCO, ADE20K, Pascal-Context) on the checked VOC-layout loader: mmseg's class
lists and label conventions, our layout checks, per-sample mask checks, ``image_labels`` and ``class_filter``.
Folder layouts and converter commands: docs/datasets.md."""
from typing import Any

from mmseg.datasets import ADE20KDataset, PascalContextDataset, PascalContextDataset59, PascalVOCDataset

from ..registry import DATASETS
from ..splits import COCO_CLASSES
from .dataset import VOCLayoutDataset

__all__ = ['PascalVOCAugDataset', 'COCOSemanticDataset', 'ADE20KSegDataset', 'ADE20KBgDataset',
           'PascalContext60Dataset', 'PascalContext59Dataset']

_CONVERT = 'Build it with: python tools/dataset_converters/{} (see docs/datasets.md).'


@DATASETS.register_module()
class PascalVOCAugDataset(VOCLayoutDataset):
    """Pascal VOC 2012 with the SBD augmentation: trainaug (10,582) on SegmentationClassAug, val (1,449)."""
    METAINFO = PascalVOCDataset.METAINFO
    PREPARE_HINT = _CONVERT.format('voc_aug.py data/VOCdevkit data/benchmark_RELEASE')
    LAYOUT = """expected layout under data_root (data/VOCdevkit/VOC2012):
  JPEGImages/<id>.jpg
  SegmentationClass/<id>.png           (VOC palette PNGs)
  SegmentationClassAug/<id>.png        (converter output: class index per pixel, 255 = ignore)
  ImageSets/Segmentation/{train,val,trainaug}.txt"""


@DATASETS.register_module()
class COCOSemanticDataset(VOCLayoutDataset):
    """COCO 2014/2017 things as semantic masks: 0 = background, 1..80 = contiguous category ids
    (``platform_core.splits.COCO_CATEGORY_IDS`` order), 255 = crowd/ignore."""
    METAINFO = dict(classes=COCO_CLASSES, palette=[[(37 * i) % 256, (91 * i) % 256, (173 * i) % 256]
                                                  for i in range(len(COCO_CLASSES))])
    PREPARE_HINT = _CONVERT.format('coco.py data/coco --split train2014 val2014 (for COCO 2017 configs: '
                                   '--split train2017 val2017)')
    LAYOUT = """expected layout under data_root (data/coco):
  <split>/<file name>.jpg                     (COCO images, e.g. train2014/COCO_train2014_000000000009.jpg)
  annotations/instances_<split>.json         (converter input; or COCO-Stuff PNGs via --stuff-maps)
  semantic/<split>/<file name>.png           (converter output)
  semantic/<split>.txt                       (converter output: image list)
  semantic/per_class/<split>/<class id>.txt  (converter output: images showing each class)"""


_ADE_LAYOUT = """expected layout under data_root (data/ade/ADEChallengeData2016):
  images/{training,validation}/<id>.jpg
  annotations/{training,validation}/<id>.png   (0 = other/background, 1..150)
  ImageSets/{training,validation}.txt          (converter output)"""


@DATASETS.register_module()
class ADE20KSegDataset(VOCLayoutDataset):
    """ADE20K (SceneParsing, 150 classes) in mmseg's convention: 0 (other) is ignored, labels 0..149."""
    METAINFO = ADE20KDataset.METAINFO
    PREPARE_HINT = _CONVERT.format('ade20k.py data/ade/ADEChallengeData2016')
    LAYOUT = _ADE_LAYOUT
    DEFAULT_PREFIX = dict(img_path='images/training', seg_map_path='annotations/training')

    def __init__(self, *, reduce_zero_label: bool = True, **kwargs: Any) -> None:
        super().__init__(reduce_zero_label=reduce_zero_label, **kwargs)


@DATASETS.register_module()
class ADE20KBgDataset(ADE20KSegDataset):
    """ADE20K with 0 = background (other) as a class: labels 0..150, as class-incremental ADE uses."""
    METAINFO = dict(classes=('background',) + tuple(ADE20KDataset.METAINFO['classes']),
                    palette=[[0, 0, 0]] + list(ADE20KDataset.METAINFO['palette']))

    def __init__(self, *, reduce_zero_label: bool = False, **kwargs: Any) -> None:
        super().__init__(reduce_zero_label=reduce_zero_label, **kwargs)


_CONTEXT_LAYOUT = """expected layout under data_root (data/VOCdevkit/VOC2010):
  JPEGImages/<id>.jpg
  SegmentationClassContext/<id>.png          (converter output: 0 = background, 1..59)
  ImageSets/SegmentationContext/{train,val}.txt"""


@DATASETS.register_module()
class PascalContext60Dataset(VOCLayoutDataset):
    """Pascal-Context, 59 classes + background (0): labels 0..59."""
    METAINFO = PascalContextDataset.METAINFO
    PREPARE_HINT = _CONVERT.format('pascal_context.py data/VOCdevkit/VOC2010 data/trainval')
    LAYOUT = _CONTEXT_LAYOUT
    DEFAULT_PREFIX = dict(img_path='JPEGImages', seg_map_path='SegmentationClassContext')


@DATASETS.register_module()
class PascalContext59Dataset(PascalContext60Dataset):
    """Pascal-Context, 59 classes with background ignored (mmseg's PascalContextDataset59): labels 0..58."""
    METAINFO = PascalContextDataset59.METAINFO

    def __init__(self, *, reduce_zero_label: bool = True, **kwargs: Any) -> None:
        super().__init__(reduce_zero_label=reduce_zero_label, **kwargs)
