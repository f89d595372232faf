"""Shared feature-generation pieces: the released MMD losses on known inputs, label grouping, the unseen sampling prior."""
import math

import pytest
import torch

from platform_core.errors import ConfigError
from platform_core.models.feature_generation import (MLPGenerator, cagnet_mmd, gmmn_mmd, grouped_mmd, label_groups,
                                                     label_prior, mask_logits, rbf_kernel, sample_labels, scale_grad)


def test_released_kernel_divides_by_two_sigma_not_sigma_squared():
    a, b = torch.zeros(1, 1), torch.full((1, 1), 2.0)  # squared distance 4
    assert rbf_kernel(a, b, sigmas=(2.0,)).item() == pytest.approx(math.exp(-4 / 4))
    assert rbf_kernel(a, b, sigmas=(2.0,), form='gaussian').item() == pytest.approx(math.exp(-4 / 8))


def test_cagnet_mmd_of_two_points_by_hand():
    """Centred weights [1/2, -1/2] and [-1/2, 1/2]: each column gives (1 - k) / 2, so the loss is sqrt(1 - k)."""
    x, y = torch.zeros(1, 1), torch.ones(1, 1)
    expected = sum(1 - math.exp(-1 / (2 * s)) for s in (2, 5))
    assert cagnet_mmd(x, y, sigmas=(2, 5)).item() == pytest.approx(math.sqrt(expected), rel=1e-5)


def test_cagnet_mmd_with_unequal_sample_counts_by_hand():
    """M = 2 generated, N = 1 real: columns [1/6, 1/6, -1/3] and [-1/3, -1/3, 2/3] give 2/9 and 8/9 of (1 - k)."""
    fake, real = torch.zeros(2, 1), torch.ones(1, 1)
    k = math.exp(-1 / 4)
    assert cagnet_mmd(fake, real, sigmas=(2,)).item() == pytest.approx(math.sqrt(10 / 9 * (1 - k)), rel=1e-5)


def test_cagnet_mmd_squared_is_half_the_biased_mmd_squared_on_paired_samples():
    x, y = torch.randn(5, 3), torch.randn(5, 3) + 1
    biased = rbf_kernel(x, x).mean() + rbf_kernel(y, y).mean() - 2 * rbf_kernel(x, y).mean()
    assert cagnet_mmd(x, y).item() ** 2 == pytest.approx(biased.item() / 2, rel=1e-4)


def test_gmmn_mmd_of_two_points_by_hand():
    """ZS3Net's GMMN: weights [+1, -1], sigmas 2, 5, 10, 20, 40, 80 by default, square root of the sum."""
    x, y = torch.zeros(1, 1), torch.ones(1, 1)
    expected = sum(2 - 2 * math.exp(-1 / (2 * s)) for s in (2, 5, 10, 20, 40, 80))
    assert gmmn_mmd(x, y).item() == pytest.approx(math.sqrt(expected), rel=1e-5)


@pytest.mark.parametrize('loss', [cagnet_mmd, gmmn_mmd])
def test_mmd_is_zero_with_a_finite_gradient_for_identical_samples(loss):
    x = torch.randn(6, 3, requires_grad=True)
    value = loss(x, x.detach().clone())
    value.backward()
    assert value.item() == pytest.approx(0.0, abs=1e-3) and torch.isfinite(x.grad).all()


def test_class_grouping_and_released_run_grouping():
    labels = torch.tensor([3, 3, 5, 3])
    by_class = [g.tolist() for g in label_groups(labels, 'class')]
    by_run = [g.tolist() for g in label_groups(labels, 'run')]
    assert by_class == [[0, 1, 3], [2]]
    assert by_run == [[0, 1], [2], [3]]
    with pytest.raises(ConfigError, match="grouping='pixel' must be"):
        label_groups(labels, 'pixel')


def test_grouped_mmd_averages_over_groups():
    fake, real = torch.tensor([[0.0], [0.0]]), torch.tensor([[0.0], [1.0]])
    labels = torch.tensor([1, 2])
    k = math.exp(-1 / 4)
    cagnet = grouped_mmd(fake, real, labels, sigmas=(2,))
    gmmn = grouped_mmd(fake, real, labels, estimator='gmmn', sigmas=(2,))
    assert cagnet.item() == pytest.approx(math.sqrt(1 - k) / 2, rel=1e-5)
    assert gmmn.item() == pytest.approx(math.sqrt(2 - 2 * k) / 2, rel=1e-5)
    with pytest.raises(ConfigError, match="estimator='squared' must be one of"):
        grouped_mmd(fake, real, labels, estimator='squared')


def test_unseen_classes_are_ten_times_more_likely():
    prior = label_prior([1, 2, 3, 4], unseen=[4], unseen_factor=10)
    assert prior.tolist() == pytest.approx([1 / 13, 1 / 13, 1 / 13, 10 / 13])
    draws = sample_labels([1, 2, 3, 4], prior, 13000, generator=torch.Generator().manual_seed(0))
    assert (draws == 4).float().mean().item() == pytest.approx(10 / 13, abs=0.02)
    assert set(draws.tolist()) <= {1, 2, 3, 4}


def test_generator_shapes_and_sigmoid_output():
    gen = MLPGenerator(in_dim=5, out_dim=3, hidden=(8, 6), dropout=0.5)
    out = gen(torch.randn(4, 5))
    assert out.shape == (4, 3) and (out > 0).all() and (out < 1).all()
    with pytest.raises(ConfigError, match="output='tanh'"):
        MLPGenerator(in_dim=5, out_dim=3, hidden=(8,), output='tanh')


def test_scale_grad_scales_only_the_backward():
    x = torch.ones(2, requires_grad=True)
    y = scale_grad(x, 0.5)
    y.sum().backward()
    assert y.tolist() == [1.0, 1.0] and x.grad.tolist() == [0.5, 0.5]


def test_mask_logits_blocks_classes_not_allowed():
    logits = torch.zeros(2, 3)
    masked = mask_logits(logits, torch.tensor([True, False, True]), dim=1)
    assert masked.argmax(1).tolist() == [0, 0] and masked[0, 1] < -1e3
