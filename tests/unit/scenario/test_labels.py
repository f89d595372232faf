"""Label policies on tiny hand-labelled label maps (0 = background, 255 = ignore)."""
import numpy as np
import pytest

from platform_core.scenario.labels import (IGNORE_INDEX, apply_lut, build_lut, classes_present, has_any,
                                           keep_classes, only_within)

# A 4x4 map with background, classes 1-3 and an ignored border pixel.
MAP_4X4 = np.array([[0, 0, 1, 1],
                    [0, 2, 2, 1],
                    [3, 3, 2, 255],
                    [0, 0, 255, 255]], dtype=np.uint8)


def test_ignore_index_is_255():
    assert IGNORE_INDEX == 255


@pytest.mark.parametrize('mapping, default, expected', [
    # identity elsewhere
    ({1: 5}, None, {0: 0, 1: 5, 2: 2, 254: 254, 255: 255}),
    # default elsewhere, but ignore stays ignore
    ({1: 5}, 0, {0: 0, 1: 5, 2: 0, 254: 0, 255: 255}),
    # mapping may name the ignore index explicitly
    ({255: 0}, None, {0: 0, 3: 3, 255: 0}),
    ({}, 7, {0: 7, 1: 7, 255: 255}),
])
def test_build_lut_maps_given_defaults_elsewhere_and_keeps_ignore(mapping, default, expected):
    lut = build_lut(mapping, default=default)
    assert lut.shape == (256,) and lut.dtype == np.uint8
    assert {i: int(lut[i]) for i in expected} == expected


def test_apply_lut_maps_every_pixel_and_keeps_shape_and_dtype():
    label = np.array([[0, 1, 2], [2, 255, 1]], dtype=np.uint8)
    out = apply_lut(label, build_lut({1: 10, 2: 20}))
    np.testing.assert_array_equal(out, np.array([[0, 10, 20], [20, 255, 10]], dtype=np.uint8))
    assert out.dtype == np.uint8


@pytest.mark.parametrize('label, classes, fill, expected', [
    # background shift: classes 1 and 3 kept, 2 becomes background, ignore kept
    ([[0, 1, 2], [3, 255, 1]], (1, 3), 0, [[0, 1, 0], [3, 255, 1]]),
    # fill with ignore: everything not kept (background too) becomes 255
    ([[0, 1, 2], [3, 255, 1]], (2,), 255, [[255, 255, 2], [255, 255, 255]]),
    # background kept explicitly survives a non-zero fill
    ([[0, 1, 2], [3, 255, 1]], (0, 2), 255, [[0, 255, 2], [255, 255, 255]]),
    # nothing kept: only background and ignore remain
    ([[0, 1, 2], [3, 255, 1]], (), 0, [[0, 0, 0], [0, 255, 0]]),
    (MAP_4X4, [2], 0, [[0, 0, 0, 0],
                       [0, 2, 2, 0],
                       [0, 0, 2, 255],
                       [0, 0, 255, 255]]),
])
def test_keep_classes_keeps_listed_and_ignore_fills_the_rest(label, classes, fill, expected):
    out = keep_classes(np.asarray(label, dtype=np.uint8), classes, fill=fill)
    np.testing.assert_array_equal(out, np.asarray(expected, dtype=np.uint8))
    assert out.dtype == np.uint8


def test_keep_classes_does_not_modify_its_input():
    label = MAP_4X4.copy()
    keep_classes(label, (1,))
    np.testing.assert_array_equal(label, MAP_4X4)


@pytest.mark.parametrize('label, expected', [
    (MAP_4X4, {0, 1, 2, 3}),
    ([[0, 0], [255, 255]], {0}),
    ([[255, 255], [255, 255]], set()),
    ([[5, 7, 5], [255, 7, 5]], {5, 7}),
])
def test_classes_present_excludes_ignore(label, expected):
    present = classes_present(np.asarray(label, dtype=np.uint8))
    assert present == expected
    assert all(type(c) is int for c in present), 'classes must be plain ints (JSON, set ops)'


@pytest.mark.parametrize('present, classes, expected', [
    ({0, 1}, {1, 2}, True),
    ({0, 3}, {1, 2}, False),
    (set(), {1}, False),
    ({0, 1}, (), False),
    ([2, 2, 5], [5], True),
])
def test_has_any_is_true_iff_some_class_shown(present, classes, expected):
    assert has_any(present, classes) is expected


@pytest.mark.parametrize('present, allowed, expected', [
    ({0, 1, 255}, {1}, True),           # background and ignore always allowed
    ({0, 1, 2}, {1}, False),            # class 2 not allowed
    ({0}, (), True),                    # background-only image fits any task
    ({255}, (), True),
    ({2}, {1, 2, 3}, True),
    ({1, 4}, {1, 2, 3}, False),
])
def test_only_within_allows_background_and_ignore(present, allowed, expected):
    assert only_within(present, allowed) is expected
