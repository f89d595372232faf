"""Published split definitions, as data, in one place (PROTOCOLS.md). Class indices follow each
dataset's label maps: VOC/SynthVOC 0 = background, 1..20; COCO contiguous 1..80; ADE20K 1..150 with
0 = background/other; Pascal-Context by class name (its index depends on the 59/60-class list used)."""
from typing import Mapping, Sequence

from mmseg.datasets import COCOStuffDataset, PascalContextDataset

from .errors import ConfigError, DatasetError

__all__ = ['VOC_CLASSES', 'pascal_5i_fold', 'coco_20i_fold', 'incremental_tasks', 'zs3_unseen',
           'SPNET_UNSEEN', 'COCO_TO_VOC_NAMES', 'INCREMENTAL_SETTINGS', 'CONTEXT_CLASSES', 'CONTEXT_459_IDS',
           'COCO_CLASSES', 'COCO_CATEGORY_IDS', 'coco_contiguous_ids', 'coco_to_voc_ids', 'label_map', 'class_index',
           'PUBLISHED_SIZES', 'PUBLISHED_STEP_COUNTS', 'step_filters', 'step_counts', 'check_step_counts']

VOC_CLASSES = ('background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair',
               'cow', 'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa',
               'train', 'tvmonitor')


def pascal_5i_fold(fold: int) -> tuple[int, ...]:
    """Novel (test) classes of PASCAL-5i fold ``fold``: 5i+1..5i+5; training uses the other 15."""
    _check(fold, range(4), 'PASCAL-5i fold')
    return tuple(range(5 * fold + 1, 5 * fold + 6))


def coco_20i_fold(fold: int, scheme: str = 'consecutive') -> tuple[int, ...]:
    """Novel classes of COCO-20i fold ``fold`` (contiguous ids 1..80).

    ``'consecutive'``: PANet's 20i+1..20i+20. ``'interleaved'``: FWB/PFENet/HSNet's range(i+1, 81, 4).
    """
    _check(fold, range(4), 'COCO-20i fold')
    if scheme == 'consecutive':
        return tuple(range(20 * fold + 1, 20 * fold + 21))
    if scheme == 'interleaved':
        return tuple(range(fold + 1, 81, 4))
    raise ConfigError(f"COCO-20i scheme must be 'consecutive' (PANet) or 'interleaved' (PFENet), got {scheme!r}.")


def _blocks(first: int, step: int, total: int) -> list[tuple[int, ...]]:
    """[0..first] then consecutive blocks of ``step`` classes up to ``total``."""
    tasks = [tuple(range(first + 1))]
    for start in range(first + 1, total + 1, step):
        tasks.append(tuple(range(start, min(start + step, total + 1))))
    return tasks


INCREMENTAL_SETTINGS = {
    # VOC (20 classes + background)
    '15-5': (15, 5, 20), '15-1': (15, 1, 20), '10-10': (10, 10, 20), '10-1': (10, 1, 20), '19-1': (19, 1, 20),
    '10-5-5': (10, 5, 20),
    # ADE20K (150 classes + background/other)
    '100-50': (100, 50, 150), '100-10': (100, 10, 150), '100-5': (100, 5, 150), '50-50': (50, 50, 150),
}


def incremental_tasks(setting: str) -> list[tuple[int, ...]]:
    """Classes introduced at each step of a named class-incremental setting (step 0 includes 0).

    ``'coco-to-voc'`` (WILSON) is in COCO's contiguous ids: background and the 60 COCO classes that are not
    VOC classes, then the 20 VOC classes (learned from VOC images: ``label_map('voc_to_coco')``).
    """
    if setting == 'coco-to-voc':
        voc = tuple(sorted(coco_to_voc_ids()))
        return [tuple(c for c in range(len(COCO_CLASSES)) if c not in voc), voc]
    if setting not in INCREMENTAL_SETTINGS:
        raise ConfigError(f'unknown incremental setting {setting!r}; known: {sorted(INCREMENTAL_SETTINGS)} and '
                          "'coco-to-voc', or give the task lists explicitly.")
    return _blocks(*INCREMENTAL_SETTINGS[setting])


# ZS3 (Bucher et al. 2019): cumulative unseen sets, background is a seen class.
_ZS3_ORDER = {
    'voc': ('cow', 'motorbike', 'aeroplane', 'sofa', 'cat', 'tvmonitor', 'train', 'bottle', 'chair', 'pottedplant'),
    'context': ('cow', 'motorbike', 'sofa', 'cat', 'boat', 'fence', 'bird', 'tvmonitor', 'aeroplane', 'keyboard'),
}


def zs3_unseen(dataset: str, n: int) -> tuple[str, ...]:
    """ZS3's first ``n`` unseen class names (n in 2, 4, 6, 8, 10) for 'voc' or 'context'."""
    _check(n, (2, 4, 6, 8, 10), 'ZS3 unseen count')
    if dataset not in _ZS3_ORDER:
        raise ConfigError(f"ZS3 unseen lists exist for {sorted(_ZS3_ORDER)}, not {dataset!r}.")
    return _ZS3_ORDER[dataset][:n]


# SPNet / CaGNet / SIGN: background ignored; VOC 15/5 and Context with 4 unseen.
SPNET_UNSEEN = {
    'voc': ('pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor'),
    'context': ('cow', 'motorbike', 'sofa', 'cat'),
}

# COCO category names of the 20 VOC classes (COCO-to-VOC incremental setting).
COCO_TO_VOC_NAMES = {
    'aeroplane': 'airplane', 'bicycle': 'bicycle', 'bird': 'bird', 'boat': 'boat', 'bottle': 'bottle',
    'bus': 'bus', 'car': 'car', 'cat': 'cat', 'chair': 'chair', 'cow': 'cow', 'diningtable': 'dining table',
    'dog': 'dog', 'horse': 'horse', 'motorbike': 'motorcycle', 'person': 'person',
    'pottedplant': 'potted plant', 'sheep': 'sheep', 'sofa': 'couch', 'train': 'train', 'tvmonitor': 'tv',
}


# Pascal-Context, 59 classes + background (index 0), mmseg's order: ZS3 and SPNet lists name classes from it.
CONTEXT_CLASSES = tuple(PascalContextDataset.METAINFO['classes'])
# Their ids among the 459 classes of Context's labels.txt (1-based; 0 = unlabeled -> background), as in
# mmseg's converter (tools/dataset_converters/pascal_context.py) which reads them through the Detail API.
CONTEXT_459_IDS = (0, 2, 9, 18, 19, 22, 23, 25, 31, 33, 34, 44, 45, 46, 59, 65, 68, 72, 80, 85, 98, 104, 105, 113,
                   115, 144, 158, 159, 162, 187, 189, 207, 220, 232, 258, 259, 260, 284, 295, 296, 308, 324, 326,
                   347, 349, 354, 355, 360, 366, 368, 397, 415, 416, 420, 424, 427, 440, 445, 454, 458)

# COCO: contiguous ids 1..80 (0 = background) in the order of the original category ids below.
COCO_CLASSES = ('background',) + tuple(COCOStuffDataset.METAINFO['classes'][:80])
COCO_CATEGORY_IDS = (tuple(range(1, 12)) + tuple(range(13, 26)) + (27, 28) + tuple(range(31, 45))
                     + tuple(range(46, 66)) + (67, 70) + tuple(range(72, 83)) + tuple(range(84, 91)))


def coco_contiguous_ids() -> dict[int, int]:
    """``{COCO category id (1..90, with gaps): contiguous id (1..80)}``."""
    return {cat: i + 1 for i, cat in enumerate(COCO_CATEGORY_IDS)}


def class_index(names: Sequence[str], classes: Sequence[str], *, dataset: str = 'dataset') -> tuple[int, ...]:
    """Indices of ``names`` in ``classes``, with an error naming any unknown name."""
    unknown = [n for n in names if n not in classes]
    if unknown:
        raise ConfigError(f'classes {unknown} are not {dataset} classes; known: {list(classes)}')
    return tuple(classes.index(n) for n in names)


def coco_to_voc_ids() -> dict[int, int]:
    """``{contiguous COCO id: VOC index}`` for the 20 VOC classes (COCO-to-VOC incremental setting)."""
    return {COCO_CLASSES.index(coco): VOC_CLASSES.index(voc) for voc, coco in COCO_TO_VOC_NAMES.items()}


def label_map(name: str) -> dict[int, int]:
    """A named ``{class id of one dataset: id in another's label space}`` for datasets' ``label_map``:
    ``'voc_to_coco'`` maps VOC's background and 20 classes to COCO's contiguous ids."""
    if name == 'voc_to_coco':
        return {0: 0, **{voc: coco for coco, voc in sorted(coco_to_voc_ids().items(), key=lambda kv: kv[1])}}
    raise ConfigError(f"unknown label map {name!r}; known: ['voc_to_coco'], or give a dict {{id: new id}}.")


# Published image counts of the splits the converters produce (checked when the full data is present).
PUBLISHED_SIZES = {
    'voc12aug': {'trainaug': 10582, 'val': 1449},
    'coco2014': {'train2014': 82783, 'val2014': 40504},
    'coco2017': {'train2017': 118287, 'val2017': 5000},
    'ade20k': {'training': 20210, 'validation': 2000},
    'pascal_context': {'train': 4998, 'val': 5105},  # mmseg's detail-API lists hold 4,996 / 5,104
}

# Training images per step on VOC trainaug (WILSON / MiB filtering), in step order.
PUBLISHED_STEP_COUNTS = {
    ('15-5', 'disjoint'): (8437, 2145), ('15-5', 'overlap'): (9568, 2145),
    ('10-10', 'disjoint'): (3706, 6876), ('10-10', 'overlap'): (6139, 6876),
}


def step_filters(setting: str, mode: str) -> list[dict]:
    """The ``class_filter`` of each step's training images: overlap = shows a new class; disjoint = also
    only old/new classes (and 0, 255)."""
    if mode not in ('overlap', 'disjoint'):
        raise ConfigError(f"incremental mode must be 'overlap' or 'disjoint', got {mode!r}.")
    filters, seen = [], []
    for classes in incremental_tasks(setting):
        seen += list(classes)
        step = dict(any_of=[c for c in classes if c != 0])
        if mode == 'disjoint':
            step['within'] = list(seen)
        filters.append(step)
    return filters


def step_counts(image_classes: Mapping[str, Sequence[int]], setting: str, mode: str) -> tuple[int, ...]:
    """Number of images kept at each step, from ``{image id: foreground classes}``."""
    from .scenario.labels import keep_image  # the scenarios' own filter, so the counts match runs
    return tuple(sum(keep_image(c, **f) for c in image_classes.values()) for f in step_filters(setting, mode))


def check_step_counts(image_classes: Mapping[str, Sequence[int]], setting: str, mode: str, *,
                      source: str = 'trainaug') -> tuple[int, ...]:
    """Per-step counts of ``image_classes``; when they are the full VOC trainaug (10,582 images), raise
    ``DatasetError`` unless they equal the published counts. Returns the counts."""
    counts = step_counts(image_classes, setting, mode)
    expected = PUBLISHED_STEP_COUNTS.get((setting, mode))
    if expected and len(image_classes) == PUBLISHED_SIZES['voc12aug']['trainaug'] and counts != expected:
        raise DatasetError(f'{source}: {setting} {mode} keeps {counts} images per step, the published counts are '
                           f'{expected}. The SegmentationClassAug masks differ from the standard ones: rebuild '
                           'them with tools/dataset_converters/voc_aug.py.')
    return counts


def _check(value: int, allowed: Sequence[int], what: str) -> None:
    if value not in allowed:
        raise ConfigError(f'{what} must be one of {list(allowed)}, got {value!r}.')
