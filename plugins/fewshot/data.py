"""The episodic data path in mm terms: a data sample that carries an episode's supports, and a data
preprocessor that normalizes supports and queries alike and batches several episodes."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseDataPreprocessor
from mmseg.structures import SegDataSample

from platform_core.registry import MODELS

__all__ = ['EpisodeDataSample', 'EpisodeDataPreProcessor']


class EpisodeDataSample(SegDataSample):
    """One episode. ``gt_sem_seg`` / ``pred_sem_seg`` hold the Q query label maps, shape (Q, H, W),
    episode-local (0 bg, j+1 = ``episode_classes[j]``, 255 ignore). Extra data fields:

    - ``support_imgs``: (N, K, 3, H, W), uint8 from the dataset, float normalized after the preprocessor;
    - ``support_fg`` / ``support_bg``: (N, K, H, W) float masks (PANet's fore_mask / back_mask).

    Metainfo: ``episode_classes`` (N dataset class ids), ``run``, ``episode``, and ``support_paths``
    (N*K, way-major) / ``query_paths`` (Q): the image files, which let a model reuse test-time features.
    """


@MODELS.register_module()
class EpisodeDataPreProcessor(BaseDataPreprocessor):
    """Normalize query and support images with the same mean/std (and BGR->RGB) and stack a batch.

    Inputs from the dataloader: ``inputs`` = one (Q, 3, H, W) uint8 tensor per episode. Output
    ``inputs``: (B*Q, 3, H, W) float queries; each sample's ``support_imgs`` becomes normalized float.
    All images of a batch must share one size (the episode pipelines resize to a fixed size).
    """

    def __init__(self, *, mean: Sequence[float], std: Sequence[float], bgr_to_rgb: bool = True,
                 non_blocking: bool = False) -> None:
        super().__init__(non_blocking=non_blocking)
        self.register_buffer('mean', torch.tensor(mean, dtype=torch.float32).view(-1, 1, 1), False)
        self.register_buffer('std', torch.tensor(std, dtype=torch.float32).view(-1, 1, 1), False)
        self.bgr_to_rgb = bgr_to_rgb

    def normalize(self, images: torch.Tensor) -> torch.Tensor:
        """(..., 3, H, W) uint8/float -> normalized float (same transform for supports and queries)."""
        if self.bgr_to_rgb:
            images = images.flip(-3)  # on the uint8 input: a quarter of the bytes to move
        return images.to(torch.float32, copy=True).sub_(self.mean).div_(self.std)  # in place on the one copy

    def cast_data(self, data):
        """mmengine's move to the model's device; on the CPU the data stays as the dataloader made it (mmengine
        rebuilds every data sample even there, which cost PANet's cached test more than its scoring). The
        forward pass then replaces the samples' ``support_imgs`` with their normalized float copies."""
        return data if self.device.type == 'cpu' else super().cast_data(data)

    def forward(self, data: dict, training: bool = False) -> dict:
        data = self.cast_data(data)
        samples: Optional[list] = data.get('data_samples')
        queries = torch.stack(list(data['inputs']))  # (B, Q, 3, H, W)
        if samples:  # one normalize call for the batch's supports: per-sample calls cost more than the math
            supports = self.normalize(torch.stack([s.support_imgs for s in samples]))  # (B, N, K, 3, H, W)
            for sample, normalized in zip(samples, supports):
                sample.support_imgs = normalized
        return dict(inputs=self.normalize(queries).flatten(0, 1), data_samples=samples)
