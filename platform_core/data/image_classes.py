"""Which classes each image of a split shows: from an image-labels file, or read once from the masks
and cached. Scenarios filter images and build per-class lists from these sets."""
import hashlib
import json
import os.path as osp
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image

from ..errors import DatasetError
from ..fileio import atomic_write_json
from ..scenario.labels import IGNORE_INDEX

__all__ = ['image_class_sets', 'cache_dir']


def cache_dir() -> Path:
    return Path(osp.expanduser('~/.cache/clseg/image_classes'))


def _from_masks(seg_paths: dict[str, str]) -> dict[str, list[int]]:
    classes = {}
    for image_id, path in seg_paths.items():
        try:
            values = np.unique(np.array(Image.open(path)))
        except Exception as exc:  # PIL raises several types for unreadable files
            raise DatasetError(f'could not read mask {path}: {type(exc).__name__}: {exc}') from exc
        classes[image_id] = sorted(int(v) for v in values if v not in (0, IGNORE_INDEX))
    return classes


def image_class_sets(seg_paths: dict[str, str], *, labels_file: Optional[str] = None) -> dict[str, list[int]]:
    """``{image id: sorted foreground classes}`` for the given ``{id: mask path}``.

    With ``labels_file`` (JSON ``{id: [classes]}``) the labels are read from it (every id must be there);
    otherwise each mask is read once and the result cached under ``~/.cache/clseg/image_classes``,
    keyed by the mask paths and their modification times.
    """
    if labels_file is not None:
        labels = json.loads(Path(labels_file).read_text())
        missing = [i for i in seg_paths if i not in labels]
        if missing:
            raise DatasetError(f'{labels_file} has no labels for {len(missing)} images (e.g. {missing[:3]}); '
                               'regenerate it or drop `image_labels_file` to derive labels from the masks.')
        return {i: sorted(int(c) for c in labels[i]) for i in seg_paths}
    key = hashlib.sha256(json.dumps(sorted((i, p, osp.getmtime(p) if osp.exists(p) else 0)
                                           for i, p in seg_paths.items())).encode()).hexdigest()[:24]
    cached = cache_dir() / f'{key}.json'
    if cached.is_file():
        return json.loads(cached.read_text())
    classes = _from_masks(seg_paths)
    atomic_write_json(cached, classes)
    return classes
