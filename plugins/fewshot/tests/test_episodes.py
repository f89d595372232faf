"""Episode sampling, support masks and query labels on hand-made label maps."""
import numpy as np
import pytest

from platform_core.errors import ScenarioError
from plugins.fewshot.episodes import (box_masks, class_image_lists, query_label, sample_episode, scribble_masks,
                                      support_masks)

LABEL = np.array([[3, 3, 255],
                  [0, 7, 7],
                  [5, 0, 0]], np.uint8)


def test_support_masks_fg_is_class_bg_excludes_other_episode_classes_but_keeps_255():
    fg, bg = support_masks(LABEL, 3, episode_classes=(3, 7))
    assert fg.tolist() == [[1, 1, 0], [0, 0, 0], [0, 0, 0]]
    # 7 is another episode class -> neither; 5 is not in the episode -> bg; 255 -> bg (PANet's code)
    assert bg.tolist() == [[0, 0, 1], [1, 0, 0], [1, 1, 1]]


def test_query_label_keeps_255_maps_episode_classes_to_ways_and_others_to_bg():
    assert query_label(LABEL, (7, 3)).tolist() == [[2, 2, 255], [0, 1, 1], [0, 0, 0]]


def test_class_image_lists_index_images_by_class():
    assert class_image_lists([[1, 2], [2], [3]], classes=(2, 3, 4)) == {2: [0, 1], 3: [2], 4: []}


def test_episode_has_distinct_classes_distinct_images_and_queries_from_the_first_way():
    lists = {c: list(range(10 * c, 10 * c + 6)) for c in (1, 2, 3)}
    ep = sample_episode(np.random.default_rng(0), lists, ways=2, shots=2, queries=3)
    assert len(set(ep.classes)) == 2 and all(len(s) == 2 for s in ep.supports)
    first = ep.supports[0] + ep.queries
    assert len(set(first)) == 5 and set(first) <= set(lists[ep.classes[0]])
    assert set(ep.supports[1]) <= set(lists[ep.classes[1]])


def test_episodes_are_reproducible_by_seed():
    lists = {c: list(range(100)) for c in range(1, 6)}
    draw = [sample_episode(np.random.default_rng([1234, e]), lists, ways=1, shots=5, queries=1) for e in range(3)]
    again = [sample_episode(np.random.default_rng([1234, e]), lists, ways=1, shots=5, queries=1) for e in range(3)]
    assert draw == again and draw[0] != draw[1]


def test_too_few_images_for_an_episode_is_a_scenario_error():
    with pytest.raises(ScenarioError, match='needs 2 classes with >= 6 images each'):
        sample_episode(np.random.default_rng(0), {1: [0, 1, 2], 2: list(range(9))}, ways=2, shots=5, queries=1)


def test_allow_repeats_reuses_the_images_of_a_short_class_only_when_asked():
    ep = sample_episode(np.random.default_rng(0), {1: [7], 2: []}, ways=1, shots=2, queries=1, allow_repeats=True)
    assert ep.classes == (1,) and ep.supports == ((7, 7),) and ep.queries == (7,)
    with pytest.raises(ScenarioError, match='allow_repeats=True'):
        sample_episode(np.random.default_rng(0), {1: [7], 2: []}, ways=1, shots=2, queries=1)


def test_box_annotation_fills_each_component_bounding_box():
    fg = np.zeros((4, 5), np.float32)
    fg[1, 1] = fg[1, 2] = fg[2, 1] = 1  # an L: its box adds (2, 2)
    fg[0, 4] = 1  # a second component, box = itself
    bg = 1 - fg
    bg[3, 0] = 0  # e.g. another episode class: stays out of bg
    box_fg, box_bg = box_masks(fg, bg)
    assert box_fg.tolist() == [[0, 0, 0, 0, 1], [0, 1, 1, 0, 0], [0, 1, 1, 0, 0], [0, 0, 0, 0, 0]]
    assert box_bg.tolist() == [[1, 1, 1, 1, 0], [1, 0, 0, 1, 1], [1, 0, 0, 1, 1], [0, 1, 1, 1, 1]]


def test_scribble_annotation_is_a_deterministic_subset_of_the_masks():
    fg = np.zeros((32, 32), np.float32)
    fg[8:24, 8:24] = 1
    bg = 1 - fg
    s_fg, s_bg = scribble_masks(fg, bg)
    again = scribble_masks(fg, bg)
    assert np.array_equal(s_fg, again[0]) and np.array_equal(s_bg, again[1])
    assert 0 < s_fg.sum() < fg.sum() and 0 < s_bg.sum() < bg.sum()
    assert not (s_fg * (1 - fg)).any() and not (s_bg * fg).any()
    assert s_fg[16, 10:22].all() and s_fg[10:22, 16].all()  # the cross through the centre
