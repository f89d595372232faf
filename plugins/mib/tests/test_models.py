"""MiBSegmentor with mmseg's ASPPHead and PSPHead: plain CE at step 0; at step t the unbiased losses against a
frozen teacher loaded from step 0, new classifier rows from the background's."""
import math

import pytest
import torch

from platform_core.errors import CheckpointError, ConfigError
from platform_core.testing.incremental_models import TINY_HEADS, build_tiny, tiny_samples


def _step0(head, tmp_path):
    torch.manual_seed(0)
    base = build_tiny('MiBSegmentor', head, 3)
    path = tmp_path / 'step0.pth'
    torch.save({'state_dict': base.state_dict()}, path)
    return base, str(path)


@pytest.mark.parametrize('head', sorted(TINY_HEADS))
def test_step_0_is_plain_ce_and_step_1_distils_a_frozen_teacher(head, tmp_path):
    base, path = _step0(head, tmp_path)
    assert list(base.loss(torch.randn(2, 3, 32, 32), tiny_samples(3))) == ['loss_mib_ce']
    model = build_tiny('MiBSegmentor', head, 5, num_old_classes=3, init_from=path)
    model.init_weights()
    old_w, w = base.decode_head.conv_seg.weight, model.decode_head.conv_seg.weight
    assert torch.equal(w[:3], old_w) and torch.equal(w[3], old_w[0]) and torch.equal(w[4], old_w[0])
    assert model.decode_head.conv_seg.bias[0].item() == pytest.approx(
        base.decode_head.conv_seg.bias[0].item() - math.log(3))
    assert torch.equal(model.teacher.decode_head.conv_seg.weight, old_w)
    model.train()
    assert not model.teacher.training and not any(p.requires_grad for p in model.teacher.parameters())
    losses = model.loss(torch.randn(2, 3, 32, 32), tiny_samples(5))
    assert set(losses) == {'loss_mib_ce', 'loss_mib_kd'} and all(torch.isfinite(v) for v in losses.values())
    sum(losses.values()).backward()
    assert model.decode_head.conv_seg.weight.grad is not None


def test_a_checkpoint_with_another_class_count_is_a_clear_error(tmp_path):
    _, path = _step0('ASPPHead', tmp_path)
    model = build_tiny('MiBSegmentor', 'ASPPHead', 6, num_old_classes=4, init_from=path)
    with pytest.raises(CheckpointError, match='3 classifier rows.*num_old_classes=4'):
        model.init_weights()


def test_an_unknown_classifier_initialisation_is_a_config_error():
    with pytest.raises(ConfigError, match="model.init_new must be one of"):
        build_tiny('MiBSegmentor', 'ASPPHead', 3, init_new='imprint')
