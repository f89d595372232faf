"""ADE20K (ADEChallengeData2016): check every mask (values 0..150, size of its image), write the image lists,
per-class image lists and image-level labels (0 = background convention, classes 1..150).

    python tools/dataset_converters/ade20k.py data/ade/ADEChallengeData2016 [--nproc 4]

The masks are used as distributed (mmseg reads them with reduce_zero_label=True for the 150-class
convention). Writes ImageSets/{training,validation}.txt, ImageSets/PerClass/<split>/<class>.txt and
image_labels.json. Safe to re-run; resumes.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from platform_core.data.conversion import (check_count, foreground, main_wrapper, merge_image_labels, require,
                                             run_jobs, write_list, write_per_class)
from platform_core.errors import DatasetError
from platform_core.splits import PUBLISHED_SIZES

NUM_CLASSES = 151
SPLITS = ('training', 'validation')
HINT = 'Extract ADEChallengeData2016.zip into data/ade/ (docs/datasets.md).'


def check_one(job: tuple) -> tuple[str, list[int]]:
    """Read one mask, check its values and size against its image; return its classes."""
    key, _, (mask_path, image_path) = job
    try:
        mask = np.array(Image.open(mask_path))
        with Image.open(image_path) as image:
            size = image.size[::-1]
    except Exception as exc:  # PIL raises several types for unreadable files
        raise DatasetError(f'could not read {mask_path} or {image_path}: {type(exc).__name__}: {exc}') from exc
    if mask.ndim != 2 or mask.max() >= NUM_CLASSES:
        raise DatasetError(f'{mask_path}: expected a single-channel mask with values 0..150, got shape '
                           f'{mask.shape} and max {mask.max()}.')
    if mask.shape != size:
        raise DatasetError(f'{mask_path}: mask size {mask.shape} differs from its image {image_path} {size}.')
    return key, foreground(mask)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root', type=Path, help='ADEChallengeData2016 folder')
    parser.add_argument('--nproc', type=int, default=1)
    parser.add_argument('--strict', action='store_true', help='a count that differs from the published one is an error')
    args = parser.parse_args(argv)
    root = require(args.root, 'ADE20K folder', HINT)
    for split in SPLITS:
        masks = sorted(require(root / 'annotations' / split, 'ADE20K annotation folder', HINT).glob('*.png'))
        jobs = [(m.stem, None, (m, root / 'images' / split / f'{m.stem}.jpg')) for m in masks]
        missing = [str(j[2][1]) for j in jobs if not j[2][1].exists()]
        if missing:
            raise DatasetError(f'{len(missing)} images of {split} are missing, e.g. {missing[:3]}. {HINT}')
        classes = run_jobs(f'ade20k_{split}', jobs, check_one, state_dir=root, nproc=args.nproc)
        write_list(root / 'ImageSets' / f'{split}.txt', classes)
        write_per_class(root / 'ImageSets/PerClass' / split, classes, NUM_CLASSES)
        merge_image_labels(root / 'image_labels.json', classes)
        check_count(split, len(classes), PUBLISHED_SIZES['ade20k'][split], strict=args.strict)
    return 0


if __name__ == '__main__':
    sys.exit(main_wrapper(main))
