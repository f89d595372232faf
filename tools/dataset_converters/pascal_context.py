"""Pascal-Context (Mottaghi et al. 2014) -> 59 classes + background PNGs and the train/val lists.

    python tools/dataset_converters/pascal_context.py data/VOCdevkit/VOC2010 data/trainval [--nproc 4]

Reads trainval/<id>.mat (``LabelMap``: ids of the 459 classes of labels.txt, looked for in trainval/ and
beside it) and maps the 59 classes of mmseg's PascalContextDataset to 1..59, everything else to 0
(background). The train/val lists are VOC2010's
ImageSets/Main/{train,val}.txt restricted to images with Context labels. Writes
SegmentationClassContext/<id>.png, ImageSets/SegmentationContext/{train,val}.txt,
ImageSets/PerClass/<split>/<class>.txt and image_labels.json. Safe to re-run; resumes.
"""
import argparse
import sys
from pathlib import Path

import numpy as np

from platform_core.data.conversion import (check_count, foreground, main_wrapper, merge_image_labels, read_list,
                                             require, run_jobs, save_mask, write_list, write_per_class)
from platform_core.errors import DatasetError
from platform_core.splits import CONTEXT_459_IDS, CONTEXT_CLASSES, PUBLISHED_SIZES

HINT = ('Extract VOCtrainval_03-May-2010.tar into data/ (-> data/VOCdevkit/VOC2010) and the Context '
        'annotations trainval.tar.gz into data/ (-> data/trainval); see docs/datasets.md.')


def lookup_table(labels_txt: Path) -> np.ndarray:
    """459-class id -> 0..59. With labels.txt the 59 names are looked up there (and must agree with the
    built-in ids); without it the built-in ids are used."""
    if labels_txt.is_file():
        names = {}
        for line in labels_txt.read_text().splitlines():
            if ':' in line:
                idx, name = line.split(':', 1)
                names[name.strip()] = int(idx)
        missing = [n for n in CONTEXT_CLASSES[1:] if n not in names]
        if missing:
            raise DatasetError(f'{labels_txt} has no classes {missing}: is it the 459-class labels.txt of Context?')
        ids = [0] + [names[n] for n in CONTEXT_CLASSES[1:]]
        if tuple(ids) != CONTEXT_459_IDS:
            raise DatasetError(f'{labels_txt}: class ids {ids} differ from the standard ones {CONTEXT_459_IDS}.')
    lut = np.zeros(65536, np.uint8)
    lut[list(CONTEXT_459_IDS)] = np.arange(len(CONTEXT_459_IDS))
    return lut


def convert_one(job: tuple) -> tuple[str, list[int]]:
    from scipy.io import loadmat
    key, out, (mat, lut) = job
    try:
        labels = np.asarray(loadmat(str(mat))['LabelMap'])
    except Exception as exc:  # scipy raises several types for corrupt or foreign .mat files
        raise DatasetError(f'could not read Context labels {mat}: {type(exc).__name__}: {exc}') from exc
    mask = lut[labels.astype(np.int64)]
    save_mask(mask, out)
    return key, foreground(mask)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('voc2010', type=Path, help='VOCdevkit/VOC2010 folder')
    parser.add_argument('context', type=Path, help='folder of the Context <id>.mat files (trainval/)')
    parser.add_argument('--nproc', type=int, default=1)
    parser.add_argument('--strict', action='store_true', help='a count that differs from the published one is an error')
    args = parser.parse_args(argv)
    voc = require(args.voc2010, 'VOC2010 folder', HINT)
    require(args.context, 'Context annotation folder', HINT)
    labels_txt = [p for p in (args.context / 'labels.txt', args.context.parent / 'labels.txt') if p.is_file()]
    lut = lookup_table(labels_txt[0] if labels_txt else args.context / 'labels.txt')
    for split in ('train', 'val'):
        ids = [i for i in read_list(voc / 'ImageSets/Main' / f'{split}.txt') if (args.context / f'{i}.mat').exists()]
        missing = [i for i in ids if not (voc / 'JPEGImages' / f'{i}.jpg').exists()]
        if missing:
            raise DatasetError(f'{len(missing)} images of {split} are missing from {voc / "JPEGImages"}, e.g. '
                               f'{missing[:3]}. {HINT}')
        jobs = [(i, voc / 'SegmentationClassContext' / f'{i}.png', (args.context / f'{i}.mat', lut)) for i in ids]
        classes = run_jobs(f'pascal_context_{split}', jobs, convert_one, state_dir=voc, nproc=args.nproc)
        write_list(voc / 'ImageSets/SegmentationContext' / f'{split}.txt', classes)
        write_per_class(voc / 'ImageSets/PerClass' / split, classes, len(CONTEXT_CLASSES))
        merge_image_labels(voc / 'image_labels.json', classes)
        check_count(split, len(classes), PUBLISHED_SIZES['pascal_context'][split], strict=args.strict)
    return 0


if __name__ == '__main__':
    sys.exit(main_wrapper(main))
