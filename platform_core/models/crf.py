"""Fully connected (dense) CRF post-processing through the optional ``pydensecrf2`` package (Krähenbühl and
Koltun's mean-field inference, as DeepLab and AE-PSL use it). Install: ``pip install -e ".[crf]"``."""
import numpy as np
import torch

from ..errors import ConfigError

__all__ = ['DenseCRF', 'denormalize']

DEEPLAB_DEFAULTS = dict(iters=10, pos_w=3.0, pos_xy_std=1.0, bi_w=4.0, bi_xy_std=67.0, bi_rgb_std=3.0)


def denormalize(inputs: torch.Tensor, mean, std, bgr_to_rgb: bool) -> np.ndarray:
    """(N, 3, H, W) normalized network inputs -> (N, H, W, 3) uint8 RGB images (C-contiguous)."""
    mean = torch.as_tensor(mean, dtype=inputs.dtype, device=inputs.device).view(1, -1, 1, 1)
    std = torch.as_tensor(std, dtype=inputs.dtype, device=inputs.device).view(1, -1, 1, 1)
    images = (inputs * std + mean).clamp(0, 255).round().byte()  # channel order of the preprocessor output
    if not bgr_to_rgb:  # the preprocessor kept BGR: flip to RGB for the colour kernel
        images = images.flip(1)
    return np.ascontiguousarray(images.permute(0, 2, 3, 1).cpu().numpy())


class DenseCRF:
    """Refine per-pixel class probabilities with a dense CRF (Gaussian + bilateral pairwise terms).

    Args: ``iters`` mean-field steps; ``pos_w`` / ``pos_xy_std`` the Gaussian (smoothness) kernel;
    ``bi_w`` / ``bi_xy_std`` / ``bi_rgb_std`` the bilateral (appearance) kernel. Defaults: DeepLab-v2's
    VOC values.
    """

    def __init__(self, **params) -> None:
        unknown = set(params) - set(DEEPLAB_DEFAULTS)
        if unknown:
            raise ConfigError(f'DenseCRF: unknown option(s) {sorted(unknown)}; known: {sorted(DEEPLAB_DEFAULTS)}')
        self.params = {**DEEPLAB_DEFAULTS, **params}
        try:
            import pydensecrf.densecrf as dcrf
            from pydensecrf.utils import unary_from_softmax
        except ImportError as exc:
            raise ConfigError('a dense CRF needs the optional package pydensecrf2: pip install -e ".[crf]" '
                              '(it compiles C++), or set the crf option to None.') from exc
        self._dcrf, self._unary = dcrf, unary_from_softmax

    def __call__(self, image: np.ndarray, probs: np.ndarray, eps: float = 1e-8) -> np.ndarray:
        """(H, W, 3) uint8 RGB image and (C, H, W) probabilities -> (C, H, W) refined probabilities."""
        c, h, w = probs.shape
        p = self.params
        crf = self._dcrf.DenseCRF2D(w, h, c)
        crf.setUnaryEnergy(np.ascontiguousarray(self._unary(np.clip(probs, eps, 1.0).astype(np.float32))))
        crf.addPairwiseGaussian(sxy=p['pos_xy_std'], compat=p['pos_w'])
        crf.addPairwiseBilateral(sxy=p['bi_xy_std'], srgb=p['bi_rgb_std'], rgbim=np.ascontiguousarray(image),
                                 compat=p['bi_w'])
        return np.array(crf.inference(int(p['iters'])), np.float32).reshape(c, h, w)
