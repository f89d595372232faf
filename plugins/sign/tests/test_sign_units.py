"""SIGN's pieces on tiny tensors: positional encoding values, SIM, AST weights, losses, stage schedule."""
import math

import pytest
import torch

from platform_core.errors import ConfigError
from platform_core.engine.staged_loop import stage_at, stage_lr_factor, stage_schedule
from plugins.sign.losses import (ast_weights, kl_divergence, lsgan_discriminator, lsgan_generator,
                                 weighted_cross_entropy)
from plugins.sign.sim import LatentModule, SpatialInformationModule, relative_positional_encoding


def test_positional_encoding_values_and_channel_layout():
    pe = relative_positional_encoding(2, 3, 8)  # half = 4 channels per axis: sin, cos at two frequencies
    assert pe.shape == (8, 2, 3)
    xs, ys = [0.0, 255.5, 511.0], [0.0, 511.0]  # linspace(0, 511, W) and linspace(0, 511, H)
    freqs = [1.0, 10000 ** (-2 / 4)]
    for col, x in enumerate(xs):
        for k, f in enumerate(freqs):
            assert pe[2 * k, 0, col].item() == pytest.approx(math.sin(x * f), abs=1e-4)
            assert pe[2 * k + 1, 1, col].item() == pytest.approx(math.cos(x * f), abs=1e-4)
    for row, y in enumerate(ys):
        for k, f in enumerate(freqs):
            assert pe[4 + 2 * k, row, 2].item() == pytest.approx(math.sin(y * f), abs=1e-4)
            assert pe[4 + 2 * k + 1, row, 0].item() == pytest.approx(math.cos(y * f), abs=1e-4)


def test_positions_are_relative_to_the_image_size():
    small, large = relative_positional_encoding(4, 4, 4), relative_positional_encoding(8, 8, 4)
    assert torch.allclose(small[:, -1, -1], large[:, -1, -1])  # the last pixel is position 511 in both


def test_positional_encoding_needs_a_multiple_of_four():
    with pytest.raises(ConfigError, match='channels % 4 == 0'):
        relative_positional_encoding(2, 2, 6)
    with pytest.raises(ConfigError, match='pos_channels'):
        SpatialInformationModule(channels=8, pos_channels=6)


def test_sim_is_residual_and_keeps_the_shape():
    sim = SpatialInformationModule(channels=8, pos_channels=8)
    for conv in sim.convs[-1].conv, :
        torch.nn.init.zeros_(conv.weight), torch.nn.init.zeros_(conv.bias)
    h = torch.randn(2, 8, 5, 6)
    assert torch.allclose(sim(h), h)  # last conv zeroed: output = input (residual)


def test_latent_module_samples_in_training_and_returns_mu_in_eval():
    latent = LatentModule(channels=4, latent_dim=3)
    h = torch.randn(1, 4, 2, 2)
    z, mu, logvar = latent.eval()(h)
    assert torch.equal(z, mu) and z.shape == (1, 3, 2, 2)
    assert not torch.equal(latent.train()(h)[0], mu)


def test_ast_weights_per_image_and_one_on_labelled_pixels():
    conf = torch.tensor([[[0.9, 0.5], [0.2, 0.7]], [[0.3, 0.3], [0.1, 0.6]]])
    pseudo = torch.tensor([[[True, True], [False, True]], [[True, False], [False, False]]])
    w = ast_weights(conf, pseudo, temperature=2.0)
    assert w[0, 0, 0].item() == pytest.approx(1.0)                       # the image's most confident pixel
    assert w[0, 0, 1].item() == pytest.approx(math.exp(2 * (0.5 - 0.9)))
    assert w[0, 1, 1].item() == pytest.approx(math.exp(2 * (0.7 - 0.9)))
    assert w[0, 1, 0].item() == 1.0 and w[1, 1, 1].item() == 1.0          # labelled pixels
    assert w[1, 0, 0].item() == pytest.approx(1.0)                        # max taken per image


def test_weighted_cross_entropy_is_sum_w_ce_over_sum_w():
    logits = torch.tensor([[[[2.0, 0.0]], [[0.0, 0.0]]]])  # (1, 2 classes, 1, 2)
    target = torch.tensor([[[0, 1]]])
    weights = torch.tensor([[[1.0, 0.5]]])
    ce0, ce1 = math.log(1 + math.exp(-2)), math.log(2)
    expected = (1.0 * ce0 + 0.5 * ce1) / 1.5
    assert weighted_cross_entropy(logits, target, weights).item() == pytest.approx(expected, rel=1e-5)
    ignored = torch.tensor([[[0, 255]]])
    assert weighted_cross_entropy(logits, ignored, weights).item() == pytest.approx(ce0, rel=1e-5)


def test_lsgan_and_kl_by_hand():
    assert lsgan_generator(torch.tensor([0.0, 1.0])).item() == pytest.approx(0.5)
    assert lsgan_discriminator(torch.tensor([1.0]), torch.tensor([2.0])).item() == pytest.approx(2.0)
    assert kl_divergence(torch.zeros(3), torch.zeros(3)).item() == pytest.approx(0.0)
    assert kl_divergence(torch.ones(1), torch.zeros(1)).item() == pytest.approx(0.5)


def test_stage_schedule_over_global_iterations_and_rescaling():
    stages = [dict(name='encoder', iters=6), dict(name='generator', iters=3, lr_mult=0.5, poly=False),
              dict(name='transfer', iters=1)]
    schedule = stage_schedule(stages)
    assert [e[:3] for e in schedule] == [('encoder', 0, 6), ('generator', 6, 9), ('transfer', 9, 10)]
    assert stage_at(schedule, 7)[0] == 'generator' and stage_at(schedule, 9)[0] == 'transfer'
    assert stage_lr_factor(schedule[1], 8) == 0.5
    assert stage_lr_factor(schedule[0], 3) == pytest.approx(0.5 ** 0.9)
    assert [e[2] - e[1] for e in stage_schedule(stages, max_iters=5)] == [3, 1, 1]


def test_bad_stage_lists_are_config_errors():
    with pytest.raises(ConfigError, match='is empty'):
        stage_schedule([])
    with pytest.raises(ConfigError, match='needs a `name` and `iters`'):
        stage_schedule([dict(name='encoder')])
    with pytest.raises(ConfigError, match='fewer than the 2 stages'):
        stage_schedule([dict(name='a', iters=2), dict(name='b', iters=2)], max_iters=1)
