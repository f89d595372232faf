"""WILSONSegmentor builds and computes its losses with mmseg's ASPPHead (DeepLabV3) and PSPHead, at the base
step and at an incremental step, and loads student and teacher from the previous step's checkpoint."""
import pytest
import torch
from mmengine.logging import MessageHub
from mmseg.structures import SegDataSample
from mmengine.structures import PixelData

from platform_core.testing.incremental_models import TINY_HEADS, build_tiny

def build(head: str, num_classes: int, **kwargs):
    return build_tiny('WILSONSegmentor', head, num_classes, localizer_channels=8, **kwargs)


def samples(num_classes: int):
    out = []
    for labels in ([3], [3, 4]):
        sample = SegDataSample(metainfo=dict(image_labels=labels, img_shape=(32, 32), pad_shape=(32, 32)))
        sample.gt_sem_seg = PixelData(data=torch.randint(0, num_classes, (1, 32, 32)))
        out.append(sample)
    return out


@pytest.mark.parametrize('head', sorted(TINY_HEADS))
def test_base_step_is_bce_and_incremental_step_has_every_loss(head, tmp_path):
    torch.manual_seed(0)
    base = build(head, 3)
    losses = base.loss(torch.randn(2, 3, 32, 32), samples(3))
    assert list(losses) == ['loss_wilson_bce'] and losses['loss_wilson_bce'] > 0
    path = tmp_path / 'step0.pth'
    torch.save({'state_dict': base.state_dict()}, path)

    model = build(head, 5, num_old_classes=3, init_from=str(path), seg_start_iter=0)
    model.init_weights()
    assert torch.equal(model.decode_head.conv_seg.weight[:3], base.decode_head.conv_seg.weight)
    assert torch.equal(model.teacher.decode_head.conv_seg.weight, base.decode_head.conv_seg.weight)
    assert not any(p.requires_grad for p in model.teacher.parameters())
    model.train()
    assert not model.teacher.training
    MessageHub.get_current_instance().update_info('iter', 0)
    losses = model.loss(torch.randn(2, 3, 32, 32), samples(5))
    assert set(losses) == {f'loss_wilson_{k}' for k in ('cls', 'loc', 'enc', 'seg', 'sss')}
    assert all(torch.isfinite(v) for v in losses.values()) and losses['loss_wilson_seg'] > 0
    sum(losses.values()).backward()
    assert model.localizer[0].conv.weight.grad is not None


def test_seg_and_sss_wait_for_seg_start_iter(tmp_path):
    base = build('ASPPHead', 3)
    path = tmp_path / 'step0.pth'
    torch.save({'state_dict': base.state_dict()}, path)
    model = build('ASPPHead', 5, num_old_classes=3, init_from=str(path), seg_start_iter=10)
    model.init_weights()
    MessageHub.get_current_instance().update_info('iter', 9)
    losses = model.loss(torch.randn(2, 3, 32, 32), samples(5))
    assert losses['loss_wilson_seg'] == 0 and losses['loss_wilson_sss'] == 0
