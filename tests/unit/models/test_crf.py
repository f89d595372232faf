"""Dense CRF post-processing: input de-normalization, option checks, and (with pydensecrf2) a refinement that
follows a colour edge."""
import importlib.util

import numpy as np
import pytest
import torch

from platform_core.errors import ConfigError
from platform_core.models.crf import DenseCRF, denormalize

HAS_CRF = importlib.util.find_spec('pydensecrf') is not None


def test_denormalize_inverts_the_preprocessor_and_returns_rgb():
    rgb = torch.tensor([[[10.]], [[20.]], [[30.]]])  # (3, 1, 1) in RGB order
    mean, std = [1., 2., 3.], [2., 2., 2.]
    normalized = ((rgb - torch.tensor(mean).view(3, 1, 1)) / torch.tensor(std).view(3, 1, 1))[None]
    assert denormalize(normalized, mean, std, bgr_to_rgb=True)[0, 0, 0].tolist() == [10, 20, 30]
    assert denormalize(normalized, mean, std, bgr_to_rgb=False)[0, 0, 0].tolist() == [30, 20, 10]  # was BGR


def test_unknown_crf_option_is_a_config_error():
    with pytest.raises(ConfigError, match=r"unknown option\(s\) \['bi_sigma'\]"):
        DenseCRF(bi_sigma=3)


@pytest.mark.skipif(HAS_CRF, reason='pydensecrf2 is installed')
def test_without_the_package_the_error_names_the_extra():
    with pytest.raises(ConfigError, match=r'pydensecrf2.*\.\[crf\]'):
        DenseCRF()


@pytest.mark.skipif(not HAS_CRF, reason='needs the optional extra crf (pydensecrf2)')
def test_crf_moves_a_blurry_boundary_onto_the_colour_edge():
    image = np.zeros((16, 16, 3), np.uint8)
    image[:, 8:] = 255  # colour edge between columns 7 and 8
    ramp = np.clip((np.arange(16) - 4) / 8, 0.1, 0.9)  # class 1 probability rises slowly from column 4 to 12
    probs = np.stack([1 - ramp, ramp])[:, None, :].repeat(16, axis=1).astype(np.float32)  # (2, 16, 16)
    assert (probs.argmax(0)[0] == 1).tolist() != [False] * 8 + [True] * 8  # the raw boundary is off the edge
    refined = DenseCRF(bi_xy_std=20, bi_rgb_std=10, bi_w=10)(image, probs)
    assert refined.shape == (2, 16, 16) and np.allclose(refined.sum(0), 1, atol=1e-4)
    assert (refined.argmax(0) == 1)[0].tolist() == [False] * 8 + [True] * 8
