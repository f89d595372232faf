"""AE-PSL's mask rules on hand-made 2x3 / 3x3 examples."""
import numpy as np
import pytest

from plugins.aepsl.masks import (IGNORE, assemble_mask, confusion, erase, iou_summary, mined_label_map,
                                 union_of_rounds)

X = IGNORE


def test_one_round_labels_each_class_region_and_marks_overlaps_as_conflict():
    mined = np.array([[[1, 1, 0], [0, 0, 0]],     # class 3
                      [[0, 1, 1], [0, 0, 0]]], bool)  # class 7
    assert mined_label_map(mined, [3, 7]).tolist() == [[3, X, 7], [0, 0, 0]]


def test_union_first_claim_keeps_the_earlier_round_and_adds_only_unclaimed_pixels():
    round1 = np.array([[3, 3, 0], [0, 0, X]], np.uint8)
    round2 = np.array([[3, 7, 7], [0, X, 5]], np.uint8)
    assert union_of_rounds([round1, round2]).tolist() == [[3, 3, 7], [0, X, X]]


def test_union_conflict_rule_ignores_disagreements():
    round1 = np.array([[3, 3, 0], [0, 0, X]], np.uint8)
    round2 = np.array([[3, 7, 7], [0, 0, 0]], np.uint8)
    assert union_of_rounds([round1, round2], rule='conflict').tolist() == [[3, X, 7], [0, 0, X]]


def test_first_claim_union_never_loses_a_pixel_an_earlier_union_had():
    rng = np.random.default_rng(0)
    maps = [rng.choice([0, 0, 0, 1, 2, X], size=(8, 8)).astype(np.uint8) for _ in range(3)]
    unions = [union_of_rounds(maps[:k]) for k in (1, 2, 3)]
    for before, after in zip(unions, unions[1:]):
        kept = before != 0
        assert (after[kept] == before[kept]).all()


def test_union_rejects_an_unknown_rule():
    with pytest.raises(ValueError, match='first_claim'):
        union_of_rounds([np.zeros((1, 1), np.uint8)], rule='latest')


def test_erasing_fills_every_mined_pixel_with_the_mean_pixel_and_copies():
    image = np.full((2, 2, 3), 200, np.uint8)
    mined = np.array([[0, 5], [X, 0]], np.uint8)
    out = erase(image, mined, (10.4, 20.6, 30.0))
    assert out[0, 1].tolist() == [10, 21, 30] and out[1, 0].tolist() == [10, 21, 30]
    assert out[0, 0].tolist() == [200, 200, 200] and image[0, 1].tolist() == [200, 200, 200]


@pytest.mark.parametrize('mined, saliency, expected', [
    (0, 0.05, 0),    # not mined, low saliency: background
    (0, 0.06, 0),    # the threshold is inclusive (<= 0.06)
    (0, 0.50, X),    # not mined, salient: unknown object -> ignore
    (4, 0.90, 4),    # mined and salient: its class
    (4, 0.03, X),    # mined but low saliency: ignore
    (X, 0.90, X),    # claimed by two classes: ignore
    (X, 0.01, X),    # conflict stays ignored even where saliency says background
])
def test_assembly_rules(mined, saliency, expected):
    out = assemble_mask(np.array([[mined]], np.uint8), np.array([[saliency]], np.float32))
    assert out.tolist() == [[expected]]


def test_assembly_on_a_small_image():
    mined = np.array([[1, 1, 0], [2, X, 0], [0, 0, 0]], np.uint8)
    saliency = np.array([[0.9, 0.02, 0.9], [0.5, 0.8, 0.0], [0.1, 0.06, 0.3]], np.float32)
    assert assemble_mask(mined, saliency).tolist() == [[1, X, X], [2, X, 0], [X, 0, X]]


def test_iou_summary_counts_ignored_predictions_as_misses():
    gt = np.array([[0, 1], [1, 1]], np.uint8)
    pred = np.array([[0, 1], [X, 0]], np.uint8)
    summary = iou_summary(confusion(pred, gt, 2))
    # bg: hit 1, union = gt 1 + pred 2 - 1 = 2 -> 50; class 1: hit 1, union = 3 + 1 - 1 = 3 -> 33.3
    assert summary['mIoU'] == pytest.approx((50 + 100 / 3) / 2, abs=0.01)
    assert summary['fg_recall'] == pytest.approx(100 / 3, abs=0.01)
    assert summary['labelled'] == 75.0


def test_iou_summary_precision_counts_pixels_given_a_foreground_class():
    gt = np.array([[0, 1, 2], [1, 1, 0]], np.uint8)
    pred = np.array([[1, 1, 1], [X, 2, 0]], np.uint8)
    # given class 1: (0,0) gt 0, (0,1) gt 1, (0,2) gt 2 -> 1 hit; given class 2: (1,1) gt 1 -> 0 hits; 1 of 4
    assert iou_summary(confusion(pred, gt, 3))['fg_precision'] == 25.0
