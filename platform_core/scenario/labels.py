"""Label policies: pure functions over label maps and per-image class sets. No I/O, no state."""
from typing import Iterable, Mapping

import numpy as np

__all__ = ['IGNORE_INDEX', 'build_lut', 'apply_lut', 'keep_classes', 'classes_present',
           'has_any', 'only_within', 'keep_image']

IGNORE_INDEX = 255


def build_lut(mapping: Mapping[int, int], *, default: int | None = None) -> np.ndarray:
    """A 256-entry lookup table: ``mapping`` where given, ``default`` (or identity when None) elsewhere.

    The ignore index always maps to itself unless ``mapping`` names it.
    """
    lut = np.arange(256, dtype=np.uint8) if default is None else np.full(256, default, dtype=np.uint8)
    lut[IGNORE_INDEX] = IGNORE_INDEX
    for src, dst in mapping.items():
        lut[src] = dst
    return lut


def apply_lut(label: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """Map every pixel of a uint8 label map through ``lut``."""
    return lut[label]


def keep_classes(label: np.ndarray, classes: Iterable[int], *, fill: int = 0) -> np.ndarray:
    """Keep ``classes`` and the ignore index; every other class becomes ``fill`` (background shift)."""
    return apply_lut(label, build_lut({c: c for c in classes}, default=fill))


def classes_present(label: np.ndarray) -> set[int]:
    """Class indices in a label map, ignore index excluded."""
    return {int(c) for c in np.unique(label) if c != IGNORE_INDEX}


def has_any(present: Iterable[int], classes: Iterable[int]) -> bool:
    """Whether an image with classes ``present`` shows at least one of ``classes``."""
    return not set(present).isdisjoint(classes)


def only_within(present: Iterable[int], allowed: Iterable[int]) -> bool:
    """Whether every class an image shows is in ``allowed`` (background and ignore always allowed)."""
    return set(present) - {0, IGNORE_INDEX} <= set(allowed)


def keep_image(present: Iterable[int], *, any_of: Iterable[int] | None = None,
               within: Iterable[int] | None = None, none_of: Iterable[int] | None = None) -> bool:
    """The image filter of scenarios: shows one of ``any_of`` (overlap), shows only classes in
    ``within`` (disjoint), shows none of ``none_of`` (zero-shot / few-shot exclusion). None = no rule."""
    present = set(present)
    return ((any_of is None or has_any(present, any_of))
            and (within is None or only_within(present, within))
            and (none_of is None or not has_any(present, none_of)))
