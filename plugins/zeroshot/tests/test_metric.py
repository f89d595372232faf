"""GZSL scores from one confusion matrix: seen / unseen / overall mIoU, hIoU, pixel accuracy."""
import numpy as np
import pytest
import torch
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample

from platform_core.errors import ConfigError
from plugins.zeroshot.metric import GZSLMetric, confusion_matrix, gzsl_scores, harmonic_mean


def test_harmonic_mean_of_seen_and_unseen():
    assert harmonic_mean(60.0, 20.0) == pytest.approx(30.0)
    assert harmonic_mean(50.0, 0.0) == 0.0 and harmonic_mean(0.0, 0.0) == 0.0
    assert harmonic_mean(None, 10.0) is None


def test_confusion_matrix_rows_are_ground_truth_and_ignore_is_dropped():
    label = np.array([[1, 1, 2], [255, 2, 0]])
    pred = np.array([[1, 2, 2], [1, 2, 0]])
    cm = confusion_matrix(pred, label, 3)
    assert cm.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 2]]


def test_scores_by_hand():
    # classes 1, 2 seen, 3 unseen; row = gt, column = prediction; class 0 (background) not evaluated
    cm = np.zeros((4, 4), int)
    cm[1, 1], cm[1, 3] = 3, 1          # IoU_1 = 3 / (row 4 + column 4 - 3) = 0.6
    cm[2, 2] = 2                       # IoU_2 = 2 / 2 = 1
    cm[3, 3], cm[3, 1] = 1, 1          # IoU_3 = 1 / (row 2 + column 2 - 1) = 1/3
    cm[0, 1] = 5                       # pixels of a class not evaluated (background) are left out
    s = gzsl_scores(cm, [1, 2], [3])
    assert s['mIoU_seen'] == pytest.approx(80.0)
    assert s['mIoU_unseen'] == pytest.approx(100 / 3)
    assert s['hIoU'] == pytest.approx(2 * 80 * (100 / 3) / (80 + 100 / 3))
    assert s['aAcc'] == pytest.approx(6 / 8 * 100)


def test_absent_class_policy_zero_or_skip():
    cm = np.zeros((3, 3), int)
    cm[1, 1] = 4  # class 2 never appears in ground truth nor prediction
    assert gzsl_scores(cm, [1], [2], absent='skip')['mIoU_unseen'] is None
    assert gzsl_scores(cm, [1], [2], absent='zero')['mIoU_unseen'] == 0.0
    assert gzsl_scores(cm, [1, 2], [], absent='zero')['mIoU_seen'] == pytest.approx(50.0)


def test_bad_absent_policy_is_a_config_error():
    with pytest.raises(ConfigError, match="absent='nan' must be one of"):
        GZSLMetric(seen_classes=[1], unseen_classes=[2], num_classes=3, absent='nan')
    with pytest.raises(ConfigError, match='both seen and unseen'):
        GZSLMetric(seen_classes=[1, 2], unseen_classes=[2], num_classes=3)


def test_metric_over_data_samples_returns_per_class_iou():
    metric = GZSLMetric(seen_classes=[1], unseen_classes=[2], num_classes=3, class_names=['bg', 'a', 'b'])
    sample = SegDataSample(gt_sem_seg=PixelData(data=torch.tensor([[[1, 2], [2, 255]]])),
                           pred_sem_seg=PixelData(data=torch.tensor([[[1, 2], [1, 0]]])))
    metric.process({}, [sample.to_dict()])
    out = metric.compute_metrics(metric.results)
    assert out['mIoU_seen'] == 50.0 and out['mIoU_unseen'] == 50.0 and out['hIoU'] == 50.0
    assert out['per_class_iou'] == {'a': 50.0, 'b': 50.0}
