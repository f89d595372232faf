"""Tiny datasets in the real distribution formats (VOC + SBD .mat, COCO instances JSON, ADE20K, Pascal-Context
.mat), for tests of the converters, the loaders and the real-data configs. Each image is a few rectangles
of known classes on background; everything is deterministic by seed and written in milliseconds."""
import json
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image

__all__ = ['make_voc_sbd', 'make_coco', 'make_ade20k', 'make_pascal_context', 'SIZE']

SIZE = (40, 56)  # (height, width): not square, so size mix-ups show


def _mask(classes: Sequence[int], rng: np.random.Generator, *, border: bool = False) -> np.ndarray:
    """A SIZE mask with one rectangle per class (later ones on top); ``border`` adds VOC's 255 outlines."""
    h, w = SIZE
    mask = np.zeros(SIZE, np.uint8)
    for c in classes:
        y, x = int(rng.integers(0, h // 2)), int(rng.integers(0, w // 2))
        y2, x2 = y + int(rng.integers(h // 4, h // 2)), x + int(rng.integers(w // 4, w // 2))
        if border:
            mask[y:y2 + 1, x:x2 + 1] = 255
        mask[y + 1:y2, x + 1:x2] = c
    return mask


def _image(mask: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    m = mask.astype(np.int64)
    rgb = np.stack([(m * 37) % 256, (m * 91) % 256, (m * 173) % 256], -1).astype(np.uint8)
    Image.fromarray(rgb).save(path, quality=95)


def _palette_png(mask: np.ndarray, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(mask, mode='P')
    image.putpalette([(i * 53) % 256 for i in range(768)])
    image.save(path)


def _write(path: Path, lines: Sequence[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{line}\n' for line in lines))


def make_voc_sbd(root: Path, seed: int = 0, extra: int = 0) -> dict[str, dict[str, list[int]]]:
    """``root/VOCdevkit/VOC2012`` (train 3, val 3 palette PNGs) and ``root/benchmark_RELEASE`` (SBD train 4,
    val 2 .mat files, one shared with VOC train and one with VOC val). ``extra`` more VOC val and SBD train
    images cycle through all 20 classes (episodes need several images per class). Returns the classes of
    every id."""
    from scipy.io import savemat
    rng = np.random.default_rng(seed)
    voc, sbd = root / 'VOCdevkit/VOC2012', root / 'benchmark_RELEASE/dataset'
    spec = {'voc_train': {'2007_000001': [1, 16], '2007_000002': [3], '2007_000003': [15, 20]},
            'voc_val': {'2007_000011': [7], '2007_000012': [12, 18], '2007_000013': [2]},
            'sbd_train': {'2008_000001': [5, 16], '2008_000002': [11], '2007_000001': [1], '2007_000011': [7, 8]},
            'sbd_val': {'2008_000101': [17, 19], '2008_000102': [9, 10]}}
    for i in range(extra):
        classes = sorted({i % 20 + 1, (i + 7) % 20 + 1})
        spec['voc_val'][f'2009_{i:06d}'] = classes
        spec['sbd_train'][f'2010_{i:06d}'] = classes
    for part, items in spec.items():
        for image_id, classes in items.items():
            mask = _mask(classes, rng, border=part.startswith('voc'))
            if part.startswith('voc'):
                _palette_png(mask, voc / 'SegmentationClass' / f'{image_id}.png')
            else:
                (sbd / 'cls').mkdir(parents=True, exist_ok=True)
                savemat(str(sbd / 'cls' / f'{image_id}.mat'), {'GTcls': {
                    'Segmentation': mask, 'Boundaries': np.zeros((len(classes), 1), object),
                    'CategoriesPresent': np.array(classes, np.uint8)}})
            if not (voc / 'JPEGImages' / f'{image_id}.jpg').exists():
                _image(mask, voc / 'JPEGImages' / f'{image_id}.jpg')
    _write(voc / 'ImageSets/Segmentation/train.txt', list(spec['voc_train']))
    _write(voc / 'ImageSets/Segmentation/val.txt', list(spec['voc_val']))
    _write(sbd / 'train.txt', list(spec['sbd_train']))
    _write(sbd / 'val.txt', list(spec['sbd_val']))
    return spec


def _polygon(rng: np.random.Generator) -> list[float]:
    h, w = SIZE
    x, y = float(rng.integers(2, w // 2)), float(rng.integers(2, h // 2))
    return [x, y, x + w / 3, y, x + w / 3, y + h / 3, x, y + h / 3]


def _box(polygon: list[float]) -> tuple[int, int, int, int]:
    xs, ys = polygon[0::2], polygon[1::2]
    return int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))


def make_coco(root: Path, splits: Sequence[str] = ('train2014', 'val2014'), seed: int = 0) -> dict:
    """``root/<split>/COCO_<split>_<id>.jpg`` and ``root/annotations/instances_<split>.json``: 3 images per
    split; polygons, one crowd RLE (uncompressed counts) and one image without annotations. The same objects
    (crowd left out) as COCO-Stuff maps in ``root/stuffthingmaps/<split>/``.
    Returns ``{split: {file stem: sorted contiguous class ids}}`` (crowd regions excluded)."""
    from platform_core.splits import COCO_CATEGORY_IDS, COCO_CLASSES
    rng = np.random.default_rng(seed)
    categories = [dict(id=cat, name=COCO_CLASSES[i + 1], supercategory='thing')
                  for i, cat in enumerate(COCO_CATEGORY_IDS)]
    h, w = SIZE
    expected = {}
    for split in splits:
        images, anns, expected[split] = [], [], {}
        for k, cats in enumerate([(1, 18), (90,), ()]):  # person+dog, toothbrush, nothing
            image_id = 100 * len(expected) + k + 1
            name = f'COCO_{split}_{image_id:012d}'
            images.append(dict(id=image_id, file_name=f'{name}.jpg', height=h, width=w))
            _image(np.full(SIZE, k, np.uint8), root / split / f'{name}.jpg')
            stuff = np.full(SIZE, 100, np.uint8)  # COCO-Stuff map: a stuff class (id 101) everywhere
            for cat in cats:
                polygon = _polygon(rng)
                anns.append(dict(id=len(anns) + 1, image_id=image_id, category_id=cat, iscrowd=0,
                                 segmentation=[polygon], area=100.0, bbox=[0, 0, 1, 1]))
                x, y, x2, y2 = _box(polygon)
                stuff[y:y2, x:x2] = cat - 1
            (root / 'stuffthingmaps' / split).mkdir(parents=True, exist_ok=True)
            Image.fromarray(stuff).save(root / 'stuffthingmaps' / split / f'{name}.png')
            expected[split][name] = sorted(COCO_CATEGORY_IDS.index(c) + 1 for c in cats)
            if k == 1:  # a crowd region: a column-major uncompressed RLE of the left 5 columns
                anns.append(dict(id=len(anns) + 1, image_id=image_id, category_id=1, iscrowd=1, area=5.0 * h,
                                 bbox=[0, 0, 5, h], segmentation=dict(counts=[0, 5 * h, w * h - 5 * h], size=[h, w])))
        path = root / 'annotations' / f'instances_{split}.json'
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dict(images=images, annotations=anns, categories=categories)))
    return expected


def make_ade20k(root: Path, seed: int = 0) -> dict[str, dict[str, list[int]]]:
    """``root/ADEChallengeData2016`` with 3 training and 2 validation images; labels 0..150 (150 used)."""
    rng = np.random.default_rng(seed)
    spec = {'training': {'ADE_train_00000001': [1, 150], 'ADE_train_00000002': [3], 'ADE_train_00000003': [12, 40]},
            'validation': {'ADE_val_00000001': [1, 2], 'ADE_val_00000002': [150]}}
    base = root / 'ADEChallengeData2016'
    for split, items in spec.items():
        for image_id, classes in items.items():
            mask = _mask(classes, rng)
            _image(mask, base / 'images' / split / f'{image_id}.jpg')
            (base / 'annotations' / split).mkdir(parents=True, exist_ok=True)
            Image.fromarray(mask, mode='L').save(base / 'annotations' / split / f'{image_id}.png')
    return spec


def make_pascal_context(root: Path, seed: int = 0) -> dict[str, dict[str, list[int]]]:
    """``root/VOCdevkit/VOC2010`` (JPEGImages, ImageSets/Main/{train,val}.txt listing one image without
    Context labels) and ``root/trainval`` (``<id>.mat`` with a 459-class ``LabelMap``, ``labels.txt``).
    Returns ``{split: {id: sorted 59-class ids}}``; 459-class ids outside the 59 become background."""
    from scipy.io import savemat
    from platform_core.splits import CONTEXT_459_IDS, CONTEXT_CLASSES
    rng = np.random.default_rng(seed)
    spec = {'train': {'2008_000002': [7, 15], '2008_000003': [33], '2008_000004': [59]},
            'val': {'2008_000010': [1, 20], '2008_000011': [55]}}
    voc, mats = root / 'VOCdevkit/VOC2010', root / 'trainval'
    for split, items in spec.items():
        for image_id, classes in items.items():
            mask = _mask(classes, rng)
            labels = np.asarray(CONTEXT_459_IDS, np.uint16)[mask]
            labels[:2, :2] = 400  # a class outside the 59: background
            mats.mkdir(parents=True, exist_ok=True)
            savemat(str(mats / f'{image_id}.mat'), {'LabelMap': labels})
            _image(mask, voc / 'JPEGImages' / f'{image_id}.jpg')
        _image(np.zeros(SIZE, np.uint8), voc / 'JPEGImages' / f'2008_0009{len(split)}.jpg')
        _write(voc / 'ImageSets/Main' / f'{split}.txt', sorted([*items, f'2008_0009{len(split)}']))
    names = {i: n for i, n in zip(CONTEXT_459_IDS[1:], CONTEXT_CLASSES[1:])}
    _write(mats / 'labels.txt', [f'{i}: {names.get(i, f"thing{i}")}' for i in range(1, 460)])
    return spec
