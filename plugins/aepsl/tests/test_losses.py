"""PSL's weights, online prohibitive mask, normalized CE and test-time prohibition on tiny tensors."""
import math

import torch

from plugins.aepsl.losses import (class_weights, foreground_kept, normalized_cross_entropy, online_prohibitive_mask,
                                  prohibit_at_test_time, psl_class_weights)


def test_class_weights_are_one_for_background_score_for_labelled_zero_for_absent():
    weights = class_weights(torch.tensor([[0.9, 0.4, 0.7]]), torch.tensor([[1., 0., 1.]]))
    assert torch.allclose(weights, torch.tensor([[1.0, 0.9, 0.0, 0.7]]))


def test_psl_weights_come_from_the_branch_scores_or_from_the_image_labels():
    logits, labels = torch.tensor([[0.0, math.log(3), -1.0]]), torch.tensor([[1., 1., 0.]])
    assert torch.allclose(psl_class_weights(logits, labels), torch.tensor([[1.0, 0.5, 0.75, 0.0]]))
    assert torch.allclose(psl_class_weights(logits, labels, 'labels'), torch.tensor([[1.0, 1.0, 1.0, 0.0]]))


def test_online_mask_prohibits_absent_classes_and_reweights_present_ones():
    # one image, 3 classes (bg, 1, 2), 1x3 pixels; softmax probabilities chosen through log
    probs = torch.tensor([[0.2, 0.1, 0.5], [0.3, 0.8, 0.1], [0.5, 0.1, 0.4]]).T.reshape(1, 3, 1, 3)
    logits = probs.log()
    # pixel 0: probs (0.2, 0.3, 0.5); class 2 absent -> weights (1, 0.5, 0) -> (0.2, 0.15, 0) -> bg
    # pixel 1: (0.1, 0.8, 0.1) -> (0.1, 0.4, 0) -> class 1
    # pixel 2: (0.5, 0.1, 0.4) -> (0.5, 0.05, 0) -> bg
    mask = online_prohibitive_mask(logits, torch.tensor([[1.0, 0.5, 0.0]]))
    assert mask.tolist() == [[[0, 1, 0]]]


def test_foreground_kept_is_the_online_masks_foreground_over_the_networks_own():
    # the network predicts foreground (class 1 or 2) at 4 of 6 pixels; S^ keeps 1 of them
    logits = torch.tensor([[0., 1., 0., 0., 5., 0.], [1., 0., 3., 0., 0., 0.], [0., 0., 0., 2., 0., 3.]])
    logits = logits.reshape(1, 3, 1, 6)
    online = torch.tensor([[[0, 0, 1, 0, 0, 0]]])
    assert math.isclose(foreground_kept(online, logits).item(), 0.25)
    assert foreground_kept(torch.zeros_like(online), torch.zeros(1, 3, 1, 6)).item() == 0  # neither has any


def test_normalized_ce_divides_by_labelled_pixels_only():
    logits = torch.zeros(1, 2, 1, 4)  # uniform: each labelled pixel costs log 2
    target = torch.tensor([[[0, 1, 255, 255]]])
    assert math.isclose(normalized_cross_entropy(logits, target).item(), math.log(2), rel_tol=1e-6)
    empty = normalized_cross_entropy(logits.requires_grad_(), torch.full((1, 1, 4), 255))
    assert empty.item() == 0 and empty.requires_grad


def test_prohibition_at_test_time_zeroes_classes_scored_below_threshold():
    probs = torch.full((1, 3, 1, 1), 0.5)
    out = prohibit_at_test_time(probs, torch.tensor([[0.09, 0.1]]), threshold=0.1)
    assert out.flatten().tolist() == [0.5, 0.0, 0.5]


def test_psl_term_starts_at_psl_start_iter():
    from mmengine.logging import MessageHub
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    from platform_core.registry import MODELS
    import plugins.aepsl  # noqa: F401  (registers PSLSegmentor)
    backbone = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(3, ),
                    dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), contract_dilation=True)
    head = dict(type='FCNHead', in_channels=64, in_index=0, channels=8, num_convs=1, num_classes=3)
    model = MODELS.build(dict(type='PSLSegmentor', backbone=backbone, decode_head=head, cls_in_channels=64,
                              psl_start_iter=5))
    sample = SegDataSample(metainfo=dict(image_labels=[1], img_shape=(16, 16)))
    sample.gt_sem_seg = PixelData(data=torch.zeros(1, 16, 16, dtype=torch.long))
    hub = MessageHub.get_current_instance()
    for it, expected in ((4, False), (5, True)):
        hub.update_info('iter', it)
        assert ('loss_aepsl_psl' in model.loss(torch.rand(1, 3, 16, 16), [sample])) is expected
    hub.update_info('iter', 0)


def test_a_closed_gate_zeroes_the_psl_term_and_logs_what_the_online_mask_kept():
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    from platform_core.registry import MODELS
    import plugins.aepsl  # noqa: F401  (registers PSLSegmentor)
    backbone = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(3, ),
                    dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), contract_dilation=True)
    head = dict(type='FCNHead', in_channels=64, in_index=0, channels=8, num_convs=1, num_classes=3)
    sample = SegDataSample(metainfo=dict(image_labels=[1], img_shape=(16, 16)))
    sample.gt_sem_seg = PixelData(data=torch.zeros(1, 16, 16, dtype=torch.long))
    torch.manual_seed(0)
    inputs = torch.rand(1, 3, 16, 16)
    for gate, zero in ((None, False), (1.01, True)):  # S^ never keeps more foreground than the network has
        torch.manual_seed(0)
        model = MODELS.build(dict(type='PSLSegmentor', backbone=backbone, decode_head=head, cls_in_channels=64,
                                  psl_gate=gate))
        losses = model.loss(inputs, [sample])
        assert (losses['loss_aepsl_psl'].item() == 0) is zero and losses["aepsl_online_kept"].item() >= 0


def test_psl_prediction_with_dense_crf_keeps_shapes_and_labels_in_range():
    import pytest
    pytest.importorskip('pydensecrf')
    from platform_core.registry import MODELS
    import plugins.aepsl  # noqa: F401
    backbone = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(3, ),
                    dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), contract_dilation=True)
    head = dict(type='FCNHead', in_channels=64, in_index=0, channels=8, num_convs=1, num_classes=3)
    pre = dict(type='SegDataPreProcessor', mean=[120., 110., 100.], std=[50., 50., 50.], bgr_to_rgb=True)
    model = MODELS.build(dict(type='PSLSegmentor', backbone=backbone, decode_head=head, cls_in_channels=64,
                              data_preprocessor=pre, crf=dict(iters=2), test_prohibit_threshold=None)).eval()
    meta = dict(img_shape=(16, 16), ori_shape=(16, 16), pad_shape=(16, 16), padding_size=[0, 0, 0, 0])
    from mmseg.structures import SegDataSample
    with torch.no_grad():
        out = model.predict(torch.randn(2, 3, 16, 16), [SegDataSample(metainfo=meta) for _ in range(2)])
    assert out[0].pred_sem_seg.data.shape == (1, 16, 16) and int(out[0].pred_sem_seg.data.max()) <= 2
