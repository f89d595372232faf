"""COCO 2014/2017 -> semantic PNGs (0 = background, 1..80 contiguous ids, 255 = crowd), image lists,
per-class image lists and image-level labels.

    python tools/dataset_converters/coco.py data/coco --split train2014 val2014 [--nproc 4]
    python tools/dataset_converters/coco.py data/coco --split train2017 --stuff-maps data/stuffthingmaps

From annotations/instances_<split>.json (pycocotools: `pip install -e .[coco]`), painting larger
instances first so smaller ones stay on top; or from COCO-Stuff's stuffthingmaps PNGs (value = category
id - 1; stuff and unlabeled -> background). Writes semantic/<split>/<name>.png, ImageSets/<split>.txt,
ImageSets/PerClass/<split>/<class>.txt and image_labels.json. Safe to re-run; resumes.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from platform_core.data.conversion import (check_count, foreground, main_wrapper, merge_image_labels, require,
                                             run_jobs, save_mask, write_list, write_per_class)
from platform_core.errors import DatasetError
from platform_core.splits import COCO_CATEGORY_IDS, PUBLISHED_SIZES, coco_contiguous_ids

NUM_CLASSES = 81
HINT = 'Extract the COCO images into data/coco/<split>/ and annotations into data/coco/annotations/ (docs/datasets.md).'


def instances_mask(height: int, width: int, anns: list[dict], crowd: int) -> np.ndarray:
    """Semantic mask of one image from its instance annotations (polygons or RLE)."""
    from pycocotools import mask as mask_utils
    ids = coco_contiguous_ids()
    mask = np.zeros((height, width), np.uint8)
    for ann in sorted(anns, key=lambda a: -a.get('area', 0)):
        segm = ann['segmentation']
        if isinstance(segm, list):  # polygons
            rle = mask_utils.merge(mask_utils.frPyObjects(segm, height, width))
        elif isinstance(segm['counts'], list):  # uncompressed RLE
            rle = mask_utils.frPyObjects(segm, height, width)
        else:
            rle = segm
        region = mask_utils.decode(rle).astype(bool)
        mask[region] = crowd if ann.get('iscrowd') else ids[ann['category_id']]
    return mask


def stuff_map_mask(path: Path) -> np.ndarray:
    """Semantic mask from a COCO-Stuff stuffthingmaps PNG (value = category id - 1, 255 = unlabeled)."""
    lut = np.zeros(256, np.uint8)
    for cat, cid in coco_contiguous_ids().items():
        lut[cat - 1] = cid
    try:
        return lut[np.array(Image.open(path))]
    except Exception as exc:  # PIL raises several types for unreadable files
        raise DatasetError(f'could not read COCO-Stuff map {path}: {type(exc).__name__}: {exc}') from exc


def convert_one(job: tuple) -> tuple[str, list[int]]:
    key, out, source = job
    mask = stuff_map_mask(source) if isinstance(source, Path) else instances_mask(*source)
    save_mask(mask, out)
    return key, foreground(mask)


def plan_instances(root: Path, split: str, crowd: int) -> list[tuple]:
    path = require(root / 'annotations' / f'instances_{split}.json', 'COCO annotation file', HINT)
    try:
        data = json.loads(path.read_text())
        anns: dict[int, list] = {}
        for ann in data['annotations']:
            anns.setdefault(ann['image_id'], []).append(ann)
        unknown = {a['category_id'] for a in data['annotations']} - set(COCO_CATEGORY_IDS)
    except (ValueError, KeyError, TypeError) as exc:
        raise DatasetError(f'{path} is not a COCO instances file: {type(exc).__name__}: {exc}') from exc
    if unknown:
        raise DatasetError(f'{path}: category ids {sorted(unknown)} are not COCO thing categories.')
    return [(Path(im['file_name']).stem, root / 'semantic' / split / f"{Path(im['file_name']).stem}.png",
             (im['height'], im['width'], anns.get(im['id'], []), crowd)) for im in data['images']]


def plan_stuff(root: Path, split: str, maps: Path) -> list[tuple]:
    folder = require(maps / split, 'COCO-Stuff stuffthingmaps folder', HINT)
    return [(p.stem, root / 'semantic' / split / f'{p.stem}.png', p) for p in sorted(folder.glob('*.png'))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root', type=Path, help='COCO folder (data/coco)')
    parser.add_argument('--split', nargs='+', default=['train2014', 'val2014'])
    parser.add_argument('--stuff-maps', type=Path, help='COCO-Stuff stuffthingmaps folder (instead of the JSON)')
    parser.add_argument('--crowd', choices=['ignore', 'class'], default='ignore',
                        help='crowd regions: 255 (default) or their class')
    parser.add_argument('--nproc', type=int, default=1)
    parser.add_argument('--strict', action='store_true', help='a count that differs from the published one is an error')
    args = parser.parse_args(argv)
    for split in args.split:
        convert_split(args, split)
    return 0


def convert_split(args: argparse.Namespace, split: str) -> None:
    root = require(args.root, 'COCO data root', HINT)
    crowd = 255 if args.crowd == 'ignore' else None
    if not args.stuff_maps:
        try:
            import pycocotools  # noqa: F401
        except ImportError as exc:
            raise DatasetError('reading instances_*.json needs pycocotools: pip install -e .[coco] '
                               '(or convert COCO-Stuff PNGs with --stuff-maps).') from exc
    jobs = plan_stuff(root, split, args.stuff_maps) if args.stuff_maps else plan_instances(root, split, crowd)
    if crowd is None:  # 'class': a crowd region keeps its category
        jobs = [(k, o, (h, w, [dict(a, iscrowd=0) for a in anns], 0)) for k, o, (h, w, anns, _) in jobs]
    missing = [k for k, _, _ in jobs if not (root / split / f'{k}.jpg').exists()]
    if missing:
        raise DatasetError(f'{len(missing)} images of {split} are missing from {root / split}, '
                           f'e.g. {missing[:3]}. {HINT}')
    classes = run_jobs(f'coco_{split}', jobs, convert_one, state_dir=root, nproc=args.nproc)
    write_list(root / 'ImageSets' / f'{split}.txt', classes)
    write_per_class(root / 'ImageSets/PerClass' / split, classes, NUM_CLASSES)
    merge_image_labels(root / 'image_labels.json', classes)
    year = split[-4:]
    check_count(split, len(classes), PUBLISHED_SIZES.get(f'coco{year}', {}).get(split), strict=args.strict)


if __name__ == '__main__':
    sys.exit(main_wrapper(main))
