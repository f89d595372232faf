"""Pooled episodic IoU: per-class TP/FP/FN summed over a run's episodes, FB-IoU, mean and std over runs."""
import numpy as np
import pytest
import torch

from plugins.fewshot.metric import EpisodicIoUMetric, episode_counts

NAMES = tuple(f'c{i}' for i in range(6))


def sample(run, classes, pred, gt):
    return dict(run=run, episode_classes=classes, pred_sem_seg=dict(data=torch.tensor([pred])),
                gt_sem_seg=dict(data=torch.tensor([gt])))


def test_episode_counts_in_dataset_ids_skip_classes_absent_from_gt_and_ignore_255():
    counts = episode_counts(torch.tensor([[1, 1, 0, 1]]), torch.tensor([[0, 1, 1, 255]]), (3,), 6)
    assert counts[3].tolist() == [1, 1, 1]  # tp pixel 1; fp pixel 0; fn pixel 2; pixel 3 ignored
    assert counts[0].tolist() == [0, 1, 1]
    assert np.isnan(counts[[1, 2, 4, 5]]).all()


def test_iou_pools_counts_over_episodes_then_averages_runs():
    metric = EpisodicIoUMetric(classes=(3, 4))
    metric.dataset_meta = dict(classes=NAMES)
    metric.process({}, [sample(0, (3,), [1, 1, 0, 1], [0, 1, 1, 255]),   # c3: 1/1/1, bg: 0/1/1
                        sample(0, (3,), [1, 1, 0, 0], [1, 1, 0, 0]),     # c3: 2/0/0, bg: 2/0/0
                        sample(1, (4,), [1, 1, 1, 1], [1, 1, 0, 0])])    # c4: 2/2/0, bg: 0/0/2
    out = metric.compute_metrics(metric.results)
    # run 0: c3 = 3/5 = 60 (c4 absent); bg = 2/4 = 50, fg = 60 -> FB 55
    # run 1: c4 = 2/4 = 50; bg = 0/2 = 0, fg = 50 -> FB 25
    assert out['mIoU_per_run'] == [60.0, 50.0] and out['FB-IoU_per_run'] == [55.0, 25.0]
    assert out['mIoU'] == 55.0 and out['mIoU_std'] == 5.0
    assert out['FB-IoU'] == 40.0 and out['FB-IoU_std'] == 15.0
    assert out['per_class_iou'] == {'c3': 60.0, 'c4': 50.0}
    assert out['runs'] == 2 and out['episodes'] == 3


def test_multi_way_fb_iou_sums_the_per_class_counts():
    metric = EpisodicIoUMetric(classes=(1, 2))
    metric.dataset_meta = dict(classes=NAMES)
    # ways (2, 1): local 1 = class 2, local 2 = class 1. A pixel of way 1 predicted as way 2 is fg-correct
    # in a binary sense, but PANet's FB-IoU counts it as a miss (fg counts = sum of class counts).
    metric.process({}, [sample(0, (2, 1), [2, 2, 0], [1, 2, 0])])
    out = metric.compute_metrics(metric.results)
    # class 2 (local 1): tp 0 fp 0 fn 1 -> 0; class 1 (local 2): tp 1 fp 1 fn 0 -> 50; bg: 1/0/0 -> 100
    assert out['per_class_iou'] == {'c1': 50.0, 'c2': 0.0}
    assert out['mIoU'] == 25.0
    assert out['FB-IoU'] == pytest.approx((100 + 100 / 3) / 2, abs=0.01)  # fg 1/(1+1+1)


def test_all_background_baseline_has_zero_miou_and_half_the_bg_iou(tiny_data):
    from plugins.fewshot.baseline import background_baseline
    from plugins.fewshot.tests.test_dataset import make
    ds = make(tiny_data, runs=1, episodes=4)
    out = background_baseline(ds, classes=ds.classes)
    assert out['mIoU'] == 0.0 and 0 < out['FB-IoU'] < 50  # fg IoU 0, bg IoU < 100
