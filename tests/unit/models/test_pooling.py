"""Masked average pooling (PANet's getFeatures) on hand-computed tensors."""
import pytest
import torch

from platform_core.models.pooling import masked_average_pool


def test_map_at_feature_size_is_masked_mean_with_eps():
    features = torch.tensor([[[[1., 2.], [3., 4.]]]])  # (1, 1, 2, 2)
    masks = torch.tensor([[[[1., 0.], [0., 1.]], [[0., 0.], [0., 0.]]]])  # (1, 2, 2, 2): diag, empty
    out = masked_average_pool(features, masks, at_mask_size=False)
    assert out.shape == (1, 2, 1)
    assert out[0, 0, 0].item() == pytest.approx(5 / (2 + 1e-5))
    assert out[0, 1, 0].item() == 0.0  # empty mask -> 0, not NaN


def test_map_upsamples_features_to_the_mask_size_first():
    features = torch.full((1, 2, 1, 1), 3.0)  # constant map stays constant when upsampled
    features[:, 1] = -1.0
    masks = torch.zeros(1, 1, 4, 4)
    masks[0, 0, :2] = 1  # 8 pixels
    out = masked_average_pool(features, masks)
    assert out[0, 0].tolist() == pytest.approx([3 * 8 / (8 + 1e-5), -8 / (8 + 1e-5)])


def test_adjoint_mode_equals_pooling_the_upsampled_features():
    torch.manual_seed(0)
    features = torch.randn(3, 5, 7, 9, dtype=torch.float64)
    masks = (torch.rand(3, 2, 53, 61) > 0.6).double()
    direct = masked_average_pool(features, masks, mode='upsample')
    adjoint = masked_average_pool(features, masks, mode='adjoint')
    assert torch.allclose(direct, adjoint, atol=1e-12)
