"""VOC-layout datasets on mmseg's loader path, with errors that name the file and what to do."""
import os.path as osp
from typing import Any, Optional

from mmengine.logging import print_log
from mmseg.datasets import BaseSegDataset, PascalVOCDataset

from ..errors import DatasetError
from ..scenario.labels import keep_image
from .image_classes import image_class_sets
from ..registry import DATASETS
from .. import splits
from . import synthvoc
from .checks import CheckSegSample, insert_sample_check

__all__ = ['VOCLayoutDataset', 'SynthVOCDataset']

VOC_LAYOUT = """expected layout under data_root:
  JPEGImages/<id>.jpg
  SegmentationClass/<id>.png        (palette PNG, class index per pixel, 255 = ignore)
  ImageSets/Segmentation/<split>.txt (one id per line)"""


@DATASETS.register_module()
class VOCLayoutDataset(BaseSegDataset):
    """mmseg's BaseSegDataset over a VOC-layout folder (what mmseg's PascalVOCDataset reads), checking
    the layout up front and naming the files of a sample that fails to load.

    Args:
        ann_file: split list relative to ``data_root``, e.g. ``ImageSets/Segmentation/train.txt``.
        image_labels: attach each image's foreground classes as ``image_labels``: a JSON file
            ``{id: [classes]}`` relative to ``data_root``, or ``'masks'`` to read them from the masks (cached).
        class_filter: keep only images passing ``keep_image(classes, **class_filter)``
            (keys ``any_of``, ``within``, ``none_of``); scenarios set it per task.
        label_map: read this dataset's labels in another dataset's label space: ``{class id: new id}`` for
            every class id (255 stays), or a name from ``platform_core.splits.label_map`` (``'voc_to_coco'``:
            VOC images as extra COCO data, as in COCO-to-VOC). Masks (through mmseg's ``LoadAnnotations``)
            and ``image_labels`` are mapped, and ``class_filter`` sees the new ids.
        check_masks: check every loaded mask (values within the class range or 255, same size as its
            image), naming the files of a sample that fails.
        **kwargs: mmseg ``BaseSegDataset`` arguments (data_root, data_prefix, pipeline, test_mode, ...).

    Subclasses for other datasets set ``METAINFO`` (class names), ``LAYOUT`` (the folder tree shown when it
    is missing), ``PREPARE_HINT`` (the command that builds it) and ``DEFAULT_PREFIX``.
    """
    METAINFO = PascalVOCDataset.METAINFO
    PREPARE_HINT = 'Prepare the dataset first (see docs/datasets.md).'
    LAYOUT = VOC_LAYOUT
    DEFAULT_PREFIX = dict(img_path='JPEGImages', seg_map_path='SegmentationClass')

    def __init__(self, *, ann_file: str, img_suffix: str = '.jpg', seg_map_suffix: str = '.png',
                 image_labels: Optional[str] = None, class_filter: Optional[dict] = None,
                 label_map: Optional[str | dict] = None, check_masks: bool = True, **kwargs: Any) -> None:
        self.image_labels = image_labels
        self.class_filter = dict(class_filter or {})
        self.relabel = self._resolve_label_map(label_map)
        kwargs['data_prefix'] = kwargs.get('data_prefix') or dict(self.DEFAULT_PREFIX)
        self._check_layout(kwargs.get('data_root'), ann_file, kwargs['data_prefix'])
        if (image_labels is not None or self.class_filter) and kwargs.get('reduce_zero_label'):
            raise DatasetError(f'{type(self).__name__}: image_labels/class_filter use label ids with 0 = background, '
                               'which reduce_zero_label=True discards; use the 0 = background variant of the '
                               'dataset (reduce_zero_label=False).')
        super().__init__(ann_file=ann_file, img_suffix=img_suffix, seg_map_suffix=seg_map_suffix, **kwargs)
        if check_masks:
            num_classes = max(self.relabel.values()) + 1 if self.relabel else len(self.metainfo['classes'])
            insert_sample_check(self.pipeline, CheckSegSample(
                num_classes=num_classes, ignore_index=self.ignore_index, convert_hint=self.PREPARE_HINT))

    def _resolve_label_map(self, label_map: Optional[str | dict]) -> Optional[dict[int, int]]:
        if label_map is None:
            return None
        mapping = splits.label_map(label_map) if isinstance(label_map, str) else {
            int(k): int(v) for k, v in label_map.items()}
        missing = sorted(set(range(len(self.METAINFO['classes']))) - set(mapping))
        if missing:
            raise DatasetError(f'{type(self).__name__}: label_map gives no new id for classes {missing}; map '
                               f"every class id 0..{len(self.METAINFO['classes']) - 1} (255 stays ignore).")
        return mapping

    def _check_layout(self, data_root: str | None, ann_file: str, prefix: dict) -> None:
        root = data_root or ''
        if data_root is not None and not osp.isdir(data_root):
            raise DatasetError(f'data root {data_root!r} does not exist. {self.PREPARE_HINT}\n{self.LAYOUT}')
        missing = [p for p in (osp.join(root, ann_file), osp.join(root, prefix.get('img_path', '')))
                   if not osp.exists(p)]
        if missing:
            raise DatasetError(f'data root {root!r} is missing {missing}. {self.PREPARE_HINT}\n{self.LAYOUT}')

    def load_data_list(self) -> list[dict]:
        data_list = super().load_data_list()
        if self.relabel:  # applied by mmseg's LoadAnnotations
            data_list = [dict(info, label_map=self.relabel) for info in data_list]
        if self.image_labels is None and not self.class_filter:
            return data_list
        seg_paths = {_image_id(info): info['seg_map_path'] for info in data_list}
        labels_file = None
        if self.image_labels not in (None, 'masks'):
            labels_file = osp.join(self.data_root or '', self.image_labels)
        classes = image_class_sets(seg_paths, labels_file=labels_file)
        if self.relabel:
            classes = {key: sorted({self.relabel.get(c, c) for c in labels} - {0}) for key, labels in classes.items()}
        kept = [dict(info, image_labels=classes[_image_id(info)]) for info in data_list
                if keep_image(classes[_image_id(info)], **self.class_filter)]
        if not kept:
            raise DatasetError(f'class_filter {self.class_filter} keeps none of the {len(data_list)} images of '
                               f'{self.ann_file}. Check the class lists of the scenario.')
        if self.class_filter:
            print_log(f'{type(self).__name__}: class_filter {self.class_filter} keeps {len(kept)} of '
                      f'{len(data_list)} images of {self.ann_file}', logger='current')
        return kept

    def prepare_data(self, idx: int) -> Any:
        try:
            return super().prepare_data(idx)
        except DatasetError:
            raise
        except Exception as exc:  # decoding errors come from PIL/cv2/mmcv with varied types
            info = self.get_data_info(idx)
            raise DatasetError(f"could not load sample {idx} (image {info.get('img_path')}, mask "
                               f"{info.get('seg_map_path')}): {type(exc).__name__}: {exc}. The file may be "
                               f'corrupt or truncated: restore it or regenerate the dataset. '
                               f'{self.PREPARE_HINT}') from exc


def _image_id(info: dict) -> str:
    return osp.splitext(osp.basename(info['seg_map_path']))[0]


@DATASETS.register_module()
class SynthVOCDataset(VOCLayoutDataset):
    """The embedded SynthVOC dataset (tools/make_synthetic.py): 20 shape x texture classes + background."""
    METAINFO = dict(classes=synthvoc.CLASS_NAMES, palette=PascalVOCDataset.METAINFO['palette'])
    PREPARE_HINT = 'Generate it with: python tools/make_synthetic.py --out <data_root> (or `make data`).'
