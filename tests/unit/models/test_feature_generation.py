"""Shared feature-generation pieces: MMD on known inputs, label grouping, the unseen sampling prior."""
import math

import pytest
import torch

from platform_core.errors import ConfigError
from platform_core.models.feature_generation import (MLPGenerator, grouped_mmd, label_groups, label_prior, mmd,
                                                     rbf_kernel, sample_labels, scale_grad)


def test_released_kernel_divides_by_two_sigma_not_sigma_squared():
    a, b = torch.zeros(1, 1), torch.full((1, 1), 2.0)  # squared distance 4
    assert rbf_kernel(a, b, sigmas=(2.0,)).item() == pytest.approx(math.exp(-4 / 4))
    assert rbf_kernel(a, b, sigmas=(2.0,), form='gaussian').item() == pytest.approx(math.exp(-4 / 8))


def test_mmd_of_two_points_by_hand():
    x, y = torch.zeros(1, 1), torch.ones(1, 1)
    expected = sum(2 - 2 * math.exp(-1 / (2 * s)) for s in (2, 5))
    assert mmd(x, y, sigmas=(2, 5)).item() == pytest.approx(expected, rel=1e-5)
    assert mmd(x, y, sigmas=(2, 5), sqrt=True).item() == pytest.approx(math.sqrt(expected), rel=1e-4)


def test_mmd_is_zero_for_identical_samples():
    x = torch.randn(6, 3)
    assert mmd(x, x.clone()).item() == pytest.approx(0.0, abs=1e-5)


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
    expected = (0 + (2 - 2 * math.exp(-1 / 4))) / 2
    assert grouped_mmd(fake, real, labels, sigmas=(2,)).item() == pytest.approx(expected, rel=1e-5)


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
