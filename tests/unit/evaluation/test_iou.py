"""IoU metric, per-class IoU, mean_of and the background baseline, checked against hand-computed
confusion matrices (rows = ground truth, columns = prediction)."""
import math

import numpy as np
import pytest
import torch

from platform_core.evaluation.iou import ClsegIoUMetric, background_baseline, mean_of, per_class_iou

CLASSES = ('background', 'cat', 'dog', 'bird')


def _sample(pred, gt) -> dict:
    """A data sample shaped like mmseg's model output."""
    return {'pred_sem_seg': {'data': torch.tensor([pred])}, 'gt_sem_seg': {'data': torch.tensor([gt])}}


def _compute(samples) -> dict:
    metric = ClsegIoUMetric(ignore_index=255)
    metric.dataset_meta = dict(classes=CLASSES)
    metric.process(data_batch={}, data_samples=samples)
    return metric.compute_metrics(metric.results)


# GT                 pred
# [[0, 0,   1],     [[0, 1, 1],
#  [1, 2, 255]]      [2, 2, 0]]     (the pixel under 255 is ignored, whatever is predicted there)
#
# confusion matrix over the 5 valid pixels:
#             pred 0  pred 1  pred 2  pred 3
#   GT 0        1       1       0       0
#   GT 1        0       1       1       0
#   GT 2        0       0       1       0
#   GT 3        0       0       0       0
# intersect = [1, 1, 1, 0]; pred area = [1, 2, 2, 0]; GT area = [2, 2, 1, 0]; union = [2, 3, 2, 0]
# IoU = [1/2, 1/3, 1/2, None]; mIoU = mean(50, 33.33, 50) = 44.44; aAcc = 3/5 = 60
# Acc = [1/2, 1/2, 1/1, NaN] -> mAcc = 66.67
PRED_A = [[0, 1, 1], [2, 2, 0]]
GT_A = [[0, 0, 1], [1, 2, 255]]


def test_per_class_iou_from_confusion_matrix():
    """Per-class IoU is intersect/union in percent; a class in neither pred nor GT is None."""
    metrics = _compute([_sample(PRED_A, GT_A)])
    assert metrics['per_class_iou'] == {'background': 50.0, 'cat': 33.33, 'dog': 50.0, 'bird': None}


def test_miou_skips_absent_class_and_aacc_skips_ignore():
    metrics = _compute([_sample(PRED_A, GT_A)])
    assert metrics['mIoU'] == pytest.approx(44.44, abs=1e-4)
    assert metrics['aAcc'] == pytest.approx(60.0, abs=1e-4)
    assert metrics['mAcc'] == pytest.approx(66.67, abs=1e-4)


def test_prediction_under_ignore_is_not_counted():
    """Changing the prediction on the ignored pixel changes nothing."""
    pred = [row[:] for row in PRED_A]
    pred[1][2] = 3  # predict 'bird' on the ignored pixel
    assert _compute([_sample(pred, GT_A)]) == _compute([_sample(PRED_A, GT_A)])


# Two images accumulate their areas before dividing.
# image A as above; image B: GT [[2, 3]], pred [[0, 3]]
#             pred 0  pred 1  pred 2  pred 3
#   GT 0        1       1       0       0
#   GT 1        0       1       1       0
#   GT 2        1       0       1       0
#   GT 3        0       0       0       1
# intersect = [1, 1, 1, 1]; pred area = [2, 2, 2, 1]; GT area = [2, 2, 2, 1]; union = [3, 3, 3, 1]
# IoU = [33.33, 33.33, 33.33, 100]; mIoU = mean(1/3, 1/3, 1/3, 1) = 50.0; aAcc = 4/7 = 57.14
def test_areas_accumulate_over_images():
    metrics = _compute([_sample(PRED_A, GT_A), _sample([[0, 3]], [[2, 3]])])
    assert metrics['per_class_iou'] == {'background': 33.33, 'cat': 33.33, 'dog': 33.33, 'bird': 100.0}
    assert metrics['mIoU'] == pytest.approx(50.0, abs=1e-4)
    assert metrics['aAcc'] == pytest.approx(57.14, abs=1e-4)


def test_class_predicted_but_absent_from_gt_has_zero_iou():
    """bird predicted once, never in GT: union 1, intersect 0 -> 0.0 (not None)."""
    # GT [[0, 0]], pred [[0, 3]]: intersect [1,0,0,0], union [2,0,0,1] -> IoU [50, None, None, 0]
    metrics = _compute([_sample([[0, 3]], [[0, 0]])])
    assert metrics['per_class_iou'] == {'background': 50.0, 'cat': None, 'dog': None, 'bird': 0.0}
    assert metrics['mIoU'] == pytest.approx(25.0, abs=1e-4)


def test_metric_is_registered_in_mmseg():
    from mmseg.registry import METRICS
    assert METRICS.get('ClsegIoUMetric') is ClsegIoUMetric


@pytest.mark.parametrize('intersect, union, expected', [
    ([1, 0, 0], [2, 3, 0], [50.0, 0.0, math.nan]),
    ([3, 1], [3, 4], [100.0, 25.0]),
    ([0], [0], [math.nan]),
])
def test_per_class_iou_percent_with_nan_for_empty_union(intersect, union, expected):
    np.testing.assert_allclose(per_class_iou(intersect, union), expected, equal_nan=True)


@pytest.mark.parametrize('values, classes, expected', [
    ({'a': 50.0, 'b': None, 'c': math.nan, 'd': 20.0}, ['a', 'b', 'c', 'd', 'e'], 35.0),
    ({'a': 1.0, 'b': 2.0, 'c': 2.0}, ['a', 'b', 'c'], 1.67),      # rounded to 2 decimals
    ({'a': 1.0, 'b': 90.0}, ['a'], 1.0),                            # only the named classes
    ({'a': None, 'b': math.nan}, ['a', 'b', 'z'], None),            # nothing left
    ({'a': 10.0}, [], None),
])
def test_mean_of_skips_missing_none_and_nan(values, classes, expected):
    assert mean_of(values, classes) == expected


# background_baseline: predict 0 everywhere.
# label 1 [[0, 1], [1, 255]]  -> valid pixels GT 0, 1, 1
# label 2 [[2, 2], [0, 0]]    -> valid pixels GT 2, 2, 0, 0
#             pred 0  pred 1  pred 2
#   GT 0        3       0       0
#   GT 1        2       0       0
#   GT 2        2       0       0
# intersect = [3, 0, 0]; pred area = [7, 0, 0]; GT area = [3, 2, 2]; union = [7, 2, 2]
# IoU = [42.86, 0, 0]; mIoU = 14.29; aAcc = 3/7 = 42.86
def test_background_baseline_on_two_label_maps():
    labels = [np.array([[0, 1], [1, 255]], dtype=np.uint8), np.array([[2, 2], [0, 0]], dtype=np.uint8)]
    metrics = background_baseline(labels, ['background', 'cat', 'dog'])
    assert metrics['per_class_iou'] == {'background': 42.86, 'cat': 0.0, 'dog': 0.0}
    assert metrics['mIoU'] == pytest.approx(14.29, abs=1e-4)
    assert metrics['aAcc'] == pytest.approx(42.86, abs=1e-4)


def test_background_baseline_honours_custom_ignore_index():
    """With ignore_index=2 the dog pixels are skipped: only 0 and 1 count."""
    # label [[0, 1], [2, 2]]: valid GT 0, 1 -> intersect [1, 0, 0], union [2, 1, 0]
    metrics = background_baseline([np.array([[0, 1], [2, 2]], dtype=np.uint8)], ['bg', 'cat', 'dog'],
                                  ignore_index=2)
    assert metrics['per_class_iou'] == {'bg': 50.0, 'cat': 0.0, 'dog': None}
    assert metrics['aAcc'] == pytest.approx(50.0, abs=1e-4)


def test_per_class_iou_skips_classes_absent_from_the_ground_truth_only_when_asked():
    intersect, union, label = [1, 0, 0], [2, 1, 0], [2, 0, 0]  # class 1 predicted once, never in the GT
    assert per_class_iou(intersect, union)[:2].tolist() == [50.0, 0.0]
    skipped = per_class_iou(intersect, union, label)
    assert skipped[0] == 50.0 and np.isnan(skipped[1]) and np.isnan(skipped[2])


def test_foreground_shares_count_valid_pixels_predicted_and_labelled_as_not_background():
    """Example A: of the 5 valid pixels, 4 are predicted foreground (pred area [1, 2, 2, 0]) and 3 are
    labelled foreground (GT area [2, 2, 1, 0]); the metric reports them only when asked."""
    metric = ClsegIoUMetric(ignore_index=255, fg_share=True)
    metric.dataset_meta = dict(classes=CLASSES)
    metric.process(data_batch={}, data_samples=[_sample(PRED_A, GT_A)])
    metrics = metric.compute_metrics(metric.results)
    assert metrics['fg_share'] == 80.0 and metrics['gt_fg_share'] == 60.0
    assert 'fg_share' not in _compute([_sample(PRED_A, GT_A)])
