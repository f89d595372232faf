"""Episodes as pure functions: sampling, support masks, query labels (PROTOCOLS.md, "Few-shot").

Follows PANet's released code (``dataloaders/customized.py``, ``common.py``): queries are drawn from the
first way's class; support bg = every pixel that is neither the way's class nor another episode class
(255 boundary pixels count as bg); query labels keep 255, map episode class j to j+1, the rest to 0.
"""
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import ndimage

from platform_core.errors import ScenarioError
from platform_core.scenario import IGNORE_INDEX

__all__ = ['Episode', 'class_image_lists', 'episode_classes', 'sample_episode', 'support_masks', 'query_label',
           'box_masks', 'scribble_masks', 'ANNOTATIONS']

ANNOTATIONS = ('mask', 'box', 'scribble')


@dataclass(frozen=True)
class Episode:
    """One N-way K-shot episode: dataset indices of supports (N x K) and queries, and the N classes."""
    classes: tuple[int, ...]
    supports: tuple[tuple[int, ...], ...]
    queries: tuple[int, ...]


def class_image_lists(image_classes: Sequence[Sequence[int]], classes: Sequence[int]) -> dict[int, list[int]]:
    """``{class: [dataset indices of images showing it]}`` for ``classes``."""
    lists: dict[int, list[int]] = {c: [] for c in classes}
    for index, present in enumerate(image_classes):
        for c in present:
            if c in lists:
                lists[c].append(index)
    return lists


def episode_classes(lists: Mapping[int, Sequence[int]], *, ways: int, shots: int, queries: int,
                    allow_repeats: bool = False, where: str = 'the split') -> list[int]:
    """The classes with enough images for an episode (``shots`` + ``queries``, or 1 with ``allow_repeats``); fewer
    than ``ways`` of them is a ScenarioError naming ``where`` (the dataset's images)."""
    needed = 1 if allow_repeats else shots + queries
    usable = [c for c, images in lists.items() if len(images) >= needed]
    if len(usable) < ways:
        raise ScenarioError(f'a {ways}-way {shots}-shot episode with {queries} queries needs {ways} classes '
                            f'with >= {needed} images each in {where}; only {len(usable)} of {sorted(lists)} '
                            'have that many. Use fewer ways/shots or a bigger split (or, for smoke tests on '
                            'tiny data only, EpisodicDataset allow_repeats=True).')
    return usable


def sample_episode(rng: np.random.Generator, lists: Mapping[int, Sequence[int]], *, ways: int, shots: int,
                   queries: int, allow_repeats: bool = False) -> Episode:
    """Pick ``ways`` distinct classes, then shots(+queries for the first way) distinct images per class,
    without replacement (PANet: the queries come from the first way's images).

    ``allow_repeats``: a class with fewer images than needed repeats them (only for tiny smoke-test data;
    never on a benchmark, where it would put a query among its own supports)."""
    usable = episode_classes(lists, ways=ways, shots=shots, queries=queries, allow_repeats=allow_repeats)
    classes = [int(c) for c in rng.choice(usable, size=ways, replace=False)]
    supports, query = [], ()
    for way, c in enumerate(classes):
        n = shots + (queries if way == 0 else 0)
        picked = [int(i) for i in rng.choice(lists[c], size=n, replace=len(lists[c]) < n)]
        supports.append(tuple(picked[:shots]))
        if way == 0:
            query = tuple(picked[shots:])
    return Episode(classes=tuple(classes), supports=tuple(supports), queries=query)


def support_masks(label: np.ndarray, cls: int, episode_classes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(fg, bg) float32 masks of one support image for class ``cls``: fg = its pixels; bg = the rest
    except pixels of the other episode classes (255 counts as bg, as in PANet's code)."""
    fg = label == cls
    bg = ~fg & ~np.isin(label, [c for c in episode_classes if c != cls])
    return fg.astype(np.float32), bg.astype(np.float32)


def query_label(label: np.ndarray, episode_classes: Sequence[int]) -> np.ndarray:
    """Episode-local labels: 255 stays, episode class j -> j + 1, every other class -> 0."""
    out = np.where(label == IGNORE_INDEX, IGNORE_INDEX, 0).astype(np.uint8)
    for j, c in enumerate(episode_classes):
        out[label == c] = j + 1
    return out


def box_masks(fg: np.ndarray, bg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Box annotation from a mask: fg = union of the bounding boxes of fg's connected components;
    bg = the old bg outside every box."""
    boxes = np.zeros(fg.shape, bool)
    components, _ = ndimage.label(fg > 0)
    for rows_cols in ndimage.find_objects(components):
        boxes[rows_cols] = True
    return boxes.astype(np.float32), (bg.astype(bool) & ~boxes).astype(np.float32)


def _central_lines(mask: np.ndarray) -> np.ndarray:
    """Pixels of ``mask`` on the row and the column through each connected component's centre."""
    lines = np.zeros(mask.shape, bool)
    components, n = ndimage.label(mask)
    for k, (cy, cx) in enumerate(ndimage.center_of_mass(mask, components, range(1, n + 1)), start=1):
        part = components == k
        lines[int(round(cy)), :] |= part[int(round(cy)), :]
        lines[:, int(round(cx))] |= part[:, int(round(cx))]
    return lines


def scribble_masks(fg: np.ndarray, bg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scribble annotation derived deterministically from a mask: a cross (centre row + centre column)
    through each component of the eroded fg and of the eroded bg; every other pixel is unlabelled."""
    fg_core = ndimage.binary_erosion(fg > 0, iterations=2) if fg.sum() > 25 else fg > 0
    bg_core = ndimage.binary_erosion(bg > 0, iterations=2)
    return _central_lines(fg_core).astype(np.float32), _central_lines(bg_core).astype(np.float32)
