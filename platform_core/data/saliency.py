"""Saliency maps for weakly supervised scenarios: a dataset folder when present, otherwise a registered
estimator computed once per image and cached on disk as 8-bit PNGs. Values are normalized to [0, 1].

The default estimator is the spectral residual of Hou & Zhang (CVPR 2007), written with numpy + cv2
(opencv-contrib's ``cv2.saliency`` is not used: it conflicts with the opencv-python that mmcv needs).
Other estimators register into ``SALIENCY_ESTIMATORS`` (a callable ``(rgb uint8 HxWx3) -> float HxW``).
"""
import hashlib
import json
import os
import os.path as osp
from pathlib import Path
from typing import Mapping, Optional

import cv2
import numpy as np
from PIL import Image

from ..errors import ConfigError, DatasetError
from ..registry import SALIENCY_ESTIMATORS

__all__ = ['SpectralResidual', 'normalize_saliency', 'saliency_maps', 'load_saliency', 'saliency_cache_root']


def normalize_saliency(saliency: np.ndarray) -> np.ndarray:
    """Min-max normalize a map to [0, 1] (float32); a constant map becomes all zeros."""
    saliency = np.asarray(saliency, np.float32)
    low, high = float(saliency.min()), float(saliency.max())
    if high - low < 1e-12:
        return np.zeros_like(saliency)
    return (saliency - low) / (high - low)


@SALIENCY_ESTIMATORS.register_module()
class SpectralResidual:
    """Spectral-residual saliency (Hou & Zhang, CVPR 2007): the log amplitude spectrum minus its local
    average, transformed back with the original phase, squared, blurred, normalized to [0, 1].

    Args:
        size: side of the square grey image the spectrum is computed on (64 in the paper).
        avg_kernel: side of the box filter that averages the log amplitude (3 in the paper).
        blur_sigma: Gaussian blur of the squared map, in pixels of the ``size`` image (paper: 8 at 64
            is for display; 2.5 keeps object extent on small objects).
    """

    def __init__(self, *, size: int = 64, avg_kernel: int = 3, blur_sigma: float = 2.5) -> None:
        if size < 8 or avg_kernel < 1 or blur_sigma <= 0:
            raise ConfigError(f'SpectralResidual: need size >= 8, avg_kernel >= 1, blur_sigma > 0; got '
                              f'size={size}, avg_kernel={avg_kernel}, blur_sigma={blur_sigma}.')
        self.size, self.avg_kernel, self.blur_sigma = size, avg_kernel, blur_sigma

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        height, width = rgb.shape[:2]
        grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY).astype(np.float32)
        small = cv2.resize(grey, (self.size, self.size), interpolation=cv2.INTER_AREA)
        spectrum = np.fft.fft2(small)
        log_amplitude = np.log(np.abs(spectrum) + 1e-8).astype(np.float32)
        residual = log_amplitude - cv2.blur(log_amplitude, (self.avg_kernel, self.avg_kernel))
        saliency = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum))))**2
        saliency = cv2.GaussianBlur(saliency.astype(np.float32), (0, 0), self.blur_sigma)
        return normalize_saliency(cv2.resize(saliency, (width, height), interpolation=cv2.INTER_LINEAR))


def saliency_cache_root() -> Path:
    """Where computed saliency maps are cached (``$CLSEG_SALIENCY_CACHE`` or ~/.cache/clseg/saliency)."""
    return Path(os.environ.get('CLSEG_SALIENCY_CACHE', osp.expanduser('~/.cache/clseg/saliency')))


def load_saliency(path: str) -> np.ndarray:
    """A saliency PNG (8 or 16 bit, grey) as float32 in [0, 1]."""
    try:
        array = np.asarray(Image.open(path))
    except Exception as exc:  # PIL raises several types for unreadable files
        raise DatasetError(f'could not read saliency map {path}: {type(exc).__name__}: {exc}') from exc
    if array.ndim == 3:
        array = array[..., 0]
    return array.astype(np.float32) / (65535.0 if array.dtype == np.uint16 else 255.0)


def saliency_maps(image_paths: Mapping[str, str], *, folder: Optional[str] = None,
                  estimator: Optional[dict] = None, cache_root: Optional[Path] = None) -> dict[str, str]:
    """``{image id: saliency PNG path}`` for ``{image id: image path}``.

    Args:
        folder: a dataset folder of ``<id>.png`` saliency maps; used when it exists (every id must be there).
        estimator: a ``SALIENCY_ESTIMATORS`` config (default SpectralResidual) for when ``folder`` does not
            exist; maps are computed for images not cached yet and written to ``cache_root/<key>/<id>.png``,
            the key hashing the estimator config and the image folder.
    """
    if folder is not None and osp.isdir(folder):
        paths = {i: osp.join(folder, f'{i}.png') for i in image_paths}
        missing = [i for i, p in paths.items() if not osp.isfile(p)]
        if missing:
            raise DatasetError(f'saliency folder {folder} has no map for {len(missing)} images (e.g. '
                               f'{missing[:3]}). Add them, or remove the folder to use the estimator.')
        return paths
    estimator = dict(estimator or dict(type='SpectralResidual'))
    image_dirs = sorted({osp.dirname(osp.abspath(p)) for p in image_paths.values()})
    key = hashlib.sha256(json.dumps([estimator, image_dirs], sort_keys=True).encode()).hexdigest()[:16]
    out = Path(cache_root or saliency_cache_root()) / f"{estimator['type']}_{key}"
    paths = {i: str(out / f'{i}.png') for i in image_paths}
    todo = [i for i, p in paths.items() if not osp.isfile(p)]
    if todo:
        out.mkdir(parents=True, exist_ok=True)
        compute = SALIENCY_ESTIMATORS.build(estimator)
        for image_id in todo:
            rgb = np.asarray(Image.open(image_paths[image_id]).convert('RGB'))
            _write_png(np.round(normalize_saliency(compute(rgb)) * 255).astype(np.uint8), paths[image_id])
    return paths


def _write_png(array: np.ndarray, path: str) -> None:
    """Write atomically, so a killed run never leaves a truncated map in the cache."""
    tmp = f'{path}.tmp{os.getpid()}.png'
    Image.fromarray(array).save(tmp)
    os.replace(tmp, path)
