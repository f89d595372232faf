"""Published split definitions, as data, in one place (PROTOCOLS.md). Class indices follow each
dataset's label maps: VOC/SynthVOC 0 = background, 1..20; COCO contiguous 1..80; ADE20K 1..150 with
0 = background/other; Pascal-Context by class name (its index depends on the 59/60-class list used)."""
from typing import Sequence

from .errors import ConfigError

__all__ = ['VOC_CLASSES', 'pascal_5i_fold', 'coco_20i_fold', 'incremental_tasks', 'zs3_unseen',
           'SPNET_UNSEEN', 'COCO_TO_VOC_NAMES', 'INCREMENTAL_SETTINGS']

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
    '15-5': (15, 5, 20), '15-1': (15, 1, 20), '10-10': (10, 10, 20), '19-1': (19, 1, 20), '10-5-5': (10, 5, 20),
    # ADE20K (150 classes + background/other)
    '100-50': (100, 50, 150), '100-10': (100, 10, 150), '100-5': (100, 5, 150), '50-50': (50, 50, 150),
}


def incremental_tasks(setting: str) -> list[tuple[int, ...]]:
    """Classes introduced at each step of a named class-incremental setting (step 0 includes 0)."""
    if setting not in INCREMENTAL_SETTINGS:
        raise ConfigError(f'unknown incremental setting {setting!r}; known: {sorted(INCREMENTAL_SETTINGS)}, '
                          'or give the task lists explicitly.')
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


def _check(value: int, allowed: Sequence[int], what: str) -> None:
    if value not in allowed:
        raise ConfigError(f'{what} must be one of {list(allowed)}, got {value!r}.')
