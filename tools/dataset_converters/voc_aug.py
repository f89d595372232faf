"""Pascal VOC 2012 + SBD -> SegmentationClassAug PNGs, the trainaug list (10,582) and image-level labels.

    python tools/dataset_converters/voc_aug.py data/VOCdevkit data/benchmark_RELEASE [--nproc 4]

Reads VOC2012/SegmentationClass (palette PNGs) and SBD's dataset/cls/<id>.mat (GTcls.Segmentation).
trainaug = (VOC train + SBD train + SBD val) - VOC val; where VOC has its own mask (VOC train) it is used,
else SBD's. Writes VOC2012/SegmentationClassAug/<id>.png, ImageSets/Segmentation/trainaug.txt,
image_labels.json (trainaug + val) and ImageSets/PerClass/{trainaug,val}/<class>.txt; checks the counts
and, with the full data, the published per-step counts of 15-5 / 10-10 (overlap, disjoint).
Safe to re-run; resumes.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from platform_core.data.conversion import (check_count, foreground, main_wrapper, merge_image_labels, read_list,
                                             require, run_jobs, save_mask, write_list, write_per_class)
from platform_core.errors import DatasetError
from platform_core.splits import PUBLISHED_SIZES, PUBLISHED_STEP_COUNTS, check_step_counts

NUM_CLASSES = 21
HINT = ('Extract VOCtrainval_11-May-2012.tar into data/ (-> data/VOCdevkit/VOC2012) and SBD\'s '
        'benchmark.tgz (-> data/benchmark_RELEASE); see docs/datasets.md.')


def read_sbd_mat(path: Path) -> np.ndarray:
    """The class mask of an SBD ``cls/<id>.mat`` (struct ``GTcls`` with field ``Segmentation``)."""
    from scipy.io import loadmat
    try:
        return np.asarray(loadmat(str(path), squeeze_me=True, struct_as_record=False)['GTcls'].Segmentation)
    except Exception as exc:  # scipy raises several types for corrupt or foreign .mat files
        raise DatasetError(f'could not read SBD mask {path}: {type(exc).__name__}: {exc}') from exc


def read_voc_png(path: Path) -> np.ndarray:
    try:
        image = Image.open(path)
        if image.mode not in ('P', 'L'):
            raise DatasetError(f'{path} is a {image.mode} image; VOC masks are palette PNGs of class indices.')
        return np.array(image)
    except DatasetError:
        raise
    except Exception as exc:  # PIL raises several types for unreadable files
        raise DatasetError(f'could not read VOC mask {path}: {type(exc).__name__}: {exc}') from exc


def convert_one(job: tuple) -> tuple[str, list[int]]:
    key, out, source = job
    mask = read_sbd_mat(source) if source.suffix == '.mat' else read_voc_png(source)
    bad = np.unique(mask[(mask >= NUM_CLASSES) & (mask != 255)])
    if bad.size:
        raise DatasetError(f'{source}: values {bad.tolist()} outside 0..20 and 255.')
    if out is not None:  # None: val masks are only read for their labels
        save_mask(mask, out)
    return key, foreground(mask)


def plan(voc: Path, sbd: Path) -> tuple[list[tuple], list[str]]:
    """Jobs ``(id, output, source)`` for trainaug, and the VOC val ids."""
    seg = voc / 'ImageSets/Segmentation'
    voc_train, voc_val = read_list(seg / 'train.txt'), read_list(seg / 'val.txt')
    sbd_ids = read_list(sbd / 'dataset/train.txt') + read_list(sbd / 'dataset/val.txt')
    trainaug = sorted(set(voc_train + sbd_ids) - set(voc_val))
    own = set(voc_train)
    jobs = [(i, voc / 'SegmentationClassAug' / f'{i}.png',
             voc / 'SegmentationClass' / f'{i}.png' if i in own else sbd / 'dataset/cls' / f'{i}.mat')
            for i in trainaug]
    missing = [str(j[2]) for j in jobs if not j[2].exists()]
    if missing:
        raise DatasetError(f'{len(missing)} source masks are missing, e.g. {missing[:3]}. {HINT}')
    return jobs, voc_val


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('devkit', type=Path, help='VOCdevkit folder holding VOC2012/')
    parser.add_argument('sbd', type=Path, help='SBD benchmark_RELEASE folder holding dataset/cls/')
    parser.add_argument('--nproc', type=int, default=1)
    parser.add_argument('--strict', action='store_true', help='a count that differs from the published one is an error')
    args = parser.parse_args(argv)
    voc = require(args.devkit / 'VOC2012', 'VOC2012 folder', HINT)
    require(args.sbd / 'dataset/cls', 'SBD dataset/cls folder', HINT)
    jobs, val = plan(voc, args.sbd)
    classes = run_jobs('voc_aug', jobs, convert_one, state_dir=voc, nproc=args.nproc)
    val_jobs = [(i, None, voc / 'SegmentationClass' / f'{i}.png') for i in val]
    val_classes = run_jobs('voc_val_labels', val_jobs, convert_one, state_dir=voc, nproc=args.nproc)
    missing = [i for i in classes if not (voc / 'JPEGImages' / f'{i}.jpg').exists()]
    if missing:
        raise DatasetError(f'{len(missing)} trainaug images are missing from {voc / "JPEGImages"}, e.g. {missing[:3]}.')
    write_list(voc / 'ImageSets/Segmentation/trainaug.txt', classes)
    write_per_class(voc / 'ImageSets/PerClass/trainaug', classes, NUM_CLASSES)
    write_per_class(voc / 'ImageSets/PerClass/val', val_classes, NUM_CLASSES)
    merge_image_labels(voc / 'image_labels.json', {**classes, **val_classes})
    check_count('trainaug', len(classes), PUBLISHED_SIZES['voc12aug']['trainaug'], strict=args.strict)
    check_count('val', len(val), PUBLISHED_SIZES['voc12aug']['val'], strict=args.strict)
    for setting, mode in PUBLISHED_STEP_COUNTS:
        counts = check_step_counts(classes, setting, mode)
        print(f'[check] {setting} {mode}: images per step {counts}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main_wrapper(main))
