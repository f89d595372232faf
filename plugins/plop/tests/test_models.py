"""PLOPSegmentor: Local POD maps are the ResNet stages' pre-activation outputs; step 1 needs its thresholds and
then computes the pseudo-labelled CE and POD against the frozen teacher."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from platform_core.errors import ConfigError
from platform_core.testing.incremental_models import TINY_HEADS, build_tiny, tiny_samples
from plugins.plop.models import check_head_features
from plugins.plop.pod_maps import StageMaps
from plugins.plop.thresholds import BINS


def test_stage_maps_are_the_last_blocks_outputs_before_their_relu():
    torch.manual_seed(0)
    model = build_tiny('PLOPSegmentor', 'ASPPHead', 3)
    feats, maps = model.stage_maps(model.backbone, torch.randn(2, 3, 32, 32))
    assert len(maps) == 4 and all(torch.equal(F.relu(m), f) for m, f in zip(maps, feats))
    assert all((m < 0).any() for m in maps)
    _, outputs = StageMaps(model.backbone, 'outputs')(model.backbone, torch.randn(1, 3, 32, 32))
    assert all((m >= 0).all() for m in outputs)


@pytest.mark.parametrize('head', sorted(TINY_HEADS))
def test_step_1_distils_the_teacher_once_its_thresholds_are_set(head, tmp_path):
    torch.manual_seed(0)
    base = build_tiny('PLOPSegmentor', head, 3)
    assert list(base.loss(torch.randn(2, 3, 32, 32), tiny_samples(3))) == ['loss_plop_ce']
    path = tmp_path / 'step0.pth'
    torch.save({'state_dict': base.state_dict()}, path)
    model = build_tiny('PLOPSegmentor', head, 5, num_old_classes=3, init_from=str(path))
    model.init_weights()
    model.train()
    inputs, samples = torch.randn(2, 3, 32, 32), tiny_samples(5)
    with pytest.raises(ConfigError, match='thresholds were not computed'):
        model.loss(inputs, samples)
    hist = model.background_histogram(inputs, samples)
    assert hist.shape == (3, BINS) and hist.sum() == sum((s.gt_sem_seg.data == 0).sum() for s in samples)
    model.set_thresholds(hist)
    losses = model.loss(inputs, samples)
    assert {'loss_plop_ce', 'loss_plop_pod'} <= set(losses) and losses['loss_plop_pod'] > 0
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert model.backbone.stem[0].weight.grad is not None
    assert all(p.grad is None for p in model.teacher.parameters())


def test_pod_map_choices_a_backbone_cannot_give_are_config_errors():
    with pytest.raises(ConfigError, match="model.pod_maps must be one of"):
        StageMaps(nn.Identity(), 'stages')
    with pytest.raises(ConfigError, match="needs an mmseg ResNet backbone.*Identity is not"):
        StageMaps(nn.Identity(), 'pre_activation')


def test_a_decode_head_without_a_feature_step_is_a_config_error():
    with pytest.raises(ConfigError, match='Identity has no _forward_feature'):
        check_head_features(nn.Identity())
