"""The segmentor's head losses: the same values and gradients as mmseg's own ``loss_by_feat``."""
import pytest
import torch
import torch.nn.functional as F
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData
from mmseg.models.decode_heads import FCNHead
from mmseg.models.losses import accuracy
from mmseg.structures import SegDataSample

from platform_core.models.head_loss import bilinear_resize, head_loss, top1_accuracy
from platform_core.registry import MODELS


def test_bilinear_resize_of_a_hand_computed_row():
    x = torch.tensor([[[[0., 4.]]]])  # (1, 1, 1, 2) -> width 4, align_corners=False: 0, 1, 3, 4
    assert bilinear_resize(x, (1, 4), align_corners=False)[0, 0, 0].tolist() == [0., 1., 3., 4.]
    assert bilinear_resize(x, (1, 3), align_corners=True)[0, 0, 0].tolist() == [0., 2., 4.]


@pytest.mark.parametrize('align_corners', [False, True])
@pytest.mark.parametrize('size', [(64, 64), (17, 23), (3, 5)])
def test_bilinear_resize_equals_interpolate(size, align_corners):
    torch.manual_seed(0)
    x = torch.randn(2, 3, 8, 6, dtype=torch.float64, requires_grad=True)
    ref = F.interpolate(x, size=size, mode='bilinear', align_corners=align_corners)
    out = bilinear_resize(x, size, align_corners)
    assert torch.allclose(out, ref, atol=1e-12)
    grad = torch.randn_like(ref)
    (g_ref, ), (g_out, ) = torch.autograd.grad(ref, x, grad), torch.autograd.grad(out, x, grad)
    assert torch.allclose(g_out, g_ref, atol=1e-12)


def test_top1_accuracy_by_hand_and_against_mmseg():
    logits = torch.tensor([[[[2., 0.]], [[1., 3.]]]])  # (1, 2, 1, 2): predicts class 0, then class 1
    assert top1_accuracy(logits, torch.tensor([[[0, 0]]]), 255).item() == pytest.approx(50.0)
    assert top1_accuracy(logits, torch.tensor([[[0, 255]]]), 255).item() == pytest.approx(100.0)
    torch.manual_seed(1)
    logits, label = torch.randn(4, 21, 9, 7), torch.randint(0, 21, (4, 9, 7))
    label[0, :3] = 255
    assert torch.allclose(top1_accuracy(logits, label, 255), accuracy(logits, label, ignore_index=255))


def _samples(n: int, size: tuple) -> list:
    samples = []
    for _ in range(n):
        sample = SegDataSample()
        gt = torch.randint(0, 5, (1, *size))
        gt[0, 0, :2] = 255
        sample.gt_sem_seg = PixelData(data=gt)
        samples.append(sample)
    return samples


@pytest.mark.parametrize('align_corners', [False, True])
def test_head_loss_equals_mmseg_loss_by_feat(align_corners):
    init_default_scope('mmseg')
    head = MODELS.build(dict(
        type='FCNHead', in_channels=4, channels=4, num_convs=1, num_classes=5, align_corners=align_corners,
        dropout_ratio=0,
        loss_decode=[dict(type='CrossEntropyLoss', loss_weight=1.0), dict(type='DiceLoss', loss_weight=0.5)]))
    torch.manual_seed(2)
    feats, samples = [torch.randn(2, 4, 4, 4, requires_grad=True)], _samples(2, (16, 12))
    ref = head.loss(feats, samples, {})
    out = head_loss(head, feats, samples, {})
    assert sorted(out) == sorted(ref) == ['acc_seg', 'loss_ce', 'loss_dice']
    for key in ref:
        assert torch.allclose(out[key], ref[key], atol=1e-5), key
    (g_ref, ) = torch.autograd.grad(ref['loss_ce'] + ref['loss_dice'], feats)
    (g_out, ) = torch.autograd.grad(out['loss_ce'] + out['loss_dice'], feats)
    assert torch.allclose(g_out, g_ref, atol=1e-6)


class OwnLossHead(FCNHead):

    def loss_by_feat(self, seg_logits, batch_data_samples) -> dict:
        return {'loss_own': seg_logits.sum() * 0}


def test_heads_with_their_own_loss_keep_it():
    head = OwnLossHead(in_channels=4, channels=4, num_convs=1, num_classes=5)
    assert list(head_loss(head, [torch.randn(1, 4, 4, 4)], _samples(1, (8, 8)), {})) == ['loss_own']
