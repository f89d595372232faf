"""CAMs on a toy network with known weights, their normalization and the top-20% threshold."""
import math

import pytest
import torch

from platform_core.errors import ConfigError
from platform_core.models.cam import (GAPClassifierHead, class_activation_maps, multi_hot, normalize_cams,
                                      top_range_mask)


def test_cam_is_the_fc_weighted_sum_of_feature_maps():
    features = torch.tensor([[[[1., 2.], [3., 4.]], [[0., 1.], [0., 1.]]]])  # (1, 2, 2, 2)
    weight = torch.tensor([[1., 0.], [2., -1.]])  # class 0 = f0, class 1 = 2 f0 - f1
    cams = class_activation_maps(features, weight)
    assert cams[0, 0].tolist() == [[1, 2], [3, 4]] and cams[0, 1].tolist() == [[2, 3], [6, 7]]


def test_gap_head_logit_is_the_mean_of_its_cam_plus_bias():
    head = GAPClassifierHead(in_channels=2, num_classes=3)
    features = torch.randn(2, 2, 3, 3)
    assert torch.allclose(head(features), head.cams(features).mean((2, 3)) + head.fc.bias, atol=1e-6)


def test_minmax_and_max_normalization():
    cam = torch.tensor([[[[-1., 0.], [1., 3.]]]])
    assert normalize_cams(cam).flatten().tolist() == [0, 0.25, 0.5, 1]
    assert normalize_cams(cam, mode='max').flatten().tolist() == pytest.approx([0, 0, 1 / 3, 1])
    with pytest.raises(ConfigError, match='minmax'):
        normalize_cams(cam, mode='softmax')


def test_top_twenty_percent_of_the_range_is_mined():
    normalized = torch.tensor([0.0, 0.5, 0.79, 0.8, 1.0])
    assert top_range_mask(normalized, top_fraction=0.2).tolist() == [False, False, False, True, True]
    with pytest.raises(ConfigError, match='top_fraction'):
        top_range_mask(normalized, top_fraction=0)


def test_multi_hot_maps_class_c_to_column_c_minus_one():
    assert multi_hot([[1, 3], []], 3).tolist() == [[1, 0, 1], [0, 0, 0]]


def _recording_manager():
    from platform_core.plugin_manager import ClsegPluginManager
    from platform_core.testing import recorder

    pm = ClsegPluginManager()
    pm.register(recorder, name='recorder')
    return pm


def test_cam_classifier_loss_cams_and_cam_only_prediction_on_a_tiny_model():
    from mmengine.structures import PixelData  # noqa: F401  (data samples carry PixelData)
    from mmseg.structures import SegDataSample

    from platform_core.registry import MODELS
    model = MODELS.build(dict(type='CAMClassifier', in_channels=64, num_classes=3, backbone=dict(
        type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(3,), strides=(1, 2, 1, 1),
        dilations=(1, 1, 2, 4)))).eval()
    samples = [SegDataSample(metainfo=dict(image_labels=[1, 3], img_shape=(8, 16), ori_shape=(16, 32)))]
    inputs = torch.randn(1, 3, 8, 16)
    assert set(model.loss(inputs, samples)) == {'loss_cls'}
    model.attach_plugins(_recording_manager())  # the erasing rounds' classifier takes plugins' losses too
    assert set(model.loss(inputs, samples)) == {'loss_cls', 'loss_recorder_zero'}
    model.attach_plugins(None)
    scores, cams = model.cams(inputs)
    assert scores.shape == (1, 3) and cams.shape == (1, 3, 8, 16) and cams.min() >= 0 and cams.max() <= 1
    label = model.predict(inputs, samples)[0].pred_sem_seg.data
    assert label.shape == (1, 16, 32) and int(label.max()) <= 3


def test_prior_starts_the_fc_bias_at_its_logit_so_a_fresh_head_predicts_the_prior():
    head = GAPClassifierHead(in_channels=4, num_classes=3, prior=0.1)
    assert torch.allclose(head.fc.bias, torch.full((3,), math.log(0.1 / 0.9)))
    with torch.no_grad():
        head.fc.weight.zero_()
    assert torch.allclose(head(torch.randn(2, 4, 5, 5)).sigmoid(), torch.full((2, 3), 0.1))
    with pytest.raises(ConfigError, match='prior'):
        GAPClassifierHead(in_channels=4, num_classes=3, prior=1.0)
