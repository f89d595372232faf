"""Class-incremental metric conventions: old / new exclude background, all includes it (WILSON), missing
classes are skipped, forgetting is the drop since the step a class was first learned."""
import pytest
import torch

from plugins.incremental.metric import IncrementalIoUMetric, forgetting, group_means

NAMES = ('background', 'cat', 'dog', 'bird', 'cow')
IOU = {'background': 90.0, 'cat': 40.0, 'dog': 20.0, 'bird': 10.0, 'cow': None}


def test_old_and_new_exclude_background_and_all_includes_it():
    means = group_means(IOU, NAMES, old=[0, 1, 2], new=[3, 4])
    assert means == {'old': 30.0, 'new': 10.0, 'all': 40.0}  # all = (90 + 40 + 20 + 10) / 4; cow has no value


def test_background_membership_is_configurable():
    means = group_means(IOU, NAMES, old=[0, 1, 2], new=[3], background_in=('old', 'all'))
    assert means['old'] == 50.0 and means['new'] == 10.0


def test_a_group_without_values_is_none():
    assert group_means(IOU, NAMES, old=[], new=[0, 4])['old'] is None
    assert group_means(IOU, NAMES, old=[], new=[0, 4])['new'] is None


def test_forgetting_is_the_drop_since_first_learned():
    rows = [{'cat': 50.0, 'dog': 30.0}, {'cat': 45.0, 'dog': 31.0, 'bird': 5.0}, {'cat': 20.0, 'dog': None, 'bird': 4.0}]
    assert forgetting(rows, {'cat': 0, 'dog': 0, 'bird': 1}) == {'cat': 30.0, 'dog': None, 'bird': 1.0}
    assert forgetting(rows[:1], {'cat': 0}) == {}


def _metric(**kwargs) -> dict:
    metric = IncrementalIoUMetric(ignore_index=255, **kwargs)
    metric.dataset_meta = dict(classes=NAMES)
    # channels 0..2 predicted on a 1x4 image; GT (already in channel ids): bg, ch1, ch2, ch2
    sample = {'pred_sem_seg': {'data': torch.tensor([[[0, 1, 2, 1]]])},
              'gt_sem_seg': {'data': torch.tensor([[[0, 1, 2, 2]]])}}
    metric.process(data_batch={}, data_samples=[sample])
    return metric.compute_metrics(metric.results)


def test_metric_returns_old_new_all():
    # IoU: bg 1/1, ch1 1/2, ch2 1/2 -> old (ch1) 50, new (ch2) 50, all 66.67
    metrics = _metric(old_classes=[0, 1], new_classes=[2])
    assert (metrics['old'], metrics['new'], metrics['all']) == (50.0, 50.0, pytest.approx(66.67))


def test_metric_names_channels_by_class_order():
    metrics = _metric(old_classes=[0, 3], new_classes=[1], class_order=[0, 3, 1, 2, 4])
    assert metrics['per_class_iou']['bird'] == 50.0 and metrics['per_class_iou']['cat'] == 50.0
    assert metrics['per_class_iou']['dog'] is None and metrics['old'] == 50.0


def _metric_on(pred: list, gt: list, **kwargs) -> dict:
    metric = IncrementalIoUMetric(ignore_index=255, **kwargs)
    metric.dataset_meta = dict(classes=NAMES)
    metric.process(data_batch={}, data_samples=[{'pred_sem_seg': {'data': torch.tensor([[pred]])},
                                                 'gt_sem_seg': {'data': torch.tensor([[gt]])}}])
    return metric.compute_metrics(metric.results)


def test_a_class_predicted_but_absent_from_the_ground_truth_is_skipped():
    # bg 1/1, ch1 1/2, ch2 predicted once but in no GT pixel, ch3 1/1: new = mean(ch3) = 100, not mean(0, 100)
    metrics = _metric_on(pred=[0, 1, 2, 3], gt=[0, 1, 1, 3], old_classes=[0, 1], new_classes=[2, 3])
    assert metrics['per_class_iou']['dog'] is None and metrics['per_class_iou']['bird'] == 100.0
    assert (metrics['old'], metrics['new'], metrics['all']) == (50.0, 100.0, pytest.approx(83.33))


def test_group_means_are_taken_over_unrounded_iou():
    # ch1 IoU 1/2, ch2 1/3: old = 41.666.. -> 41.67 (averaging the rounded 50.00 and 33.33 gives 41.66)
    metrics = _metric_on(pred=[1, 0, 2, 2, 2, 0], gt=[1, 1, 2, 0, 0, 0], old_classes=[0, 1, 2], new_classes=[3])
    assert metrics['per_class_iou']['dog'] == 33.33 and metrics['old'] == 41.67
