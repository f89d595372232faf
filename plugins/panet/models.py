"""PANet segmentor: any mmseg backbone (or PANetVGG16) + prototypes + cosine logits + PAR."""
from typing import Callable, Optional

import torch
import torch.nn.functional as F
from mmengine.structures import PixelData
from mmseg.models.segmentors import BaseSegmentor

from platform_core.errors import ConfigError
from platform_core.models.class_argmax import class_argmax
from platform_core.models.pooling import MAP_MODES, masked_average_pool, upsample_features
from platform_core.models.plugin_losses import PluginLossMixin
from platform_core.registry import MODELS
from platform_core.scenario import IGNORE_INDEX

from .losses import COSINE_SCALE, cosine_logits, episode_prototypes, prototype_alignment_loss

__all__ = ['PANet']


@MODELS.register_module()
class PANet(PluginLossMixin, BaseSegmentor):
    """PANet (ICCV 2019) on batches of episodes from the ``fewshot`` scenario.

    Supports and queries go through the encoder in one batch; support prototypes by masked average
    pooling at image resolution; fg prototype per way = mean over shots, one shared bg prototype;
    scores = scale x cosine at feature resolution, upsampled to the image; CE on the query labels;
    PAR (training only) with weight ``align_weight`` (0 disables it).

    Args:
        backbone: any mmseg backbone config, or ``dict(type='PANetVGG16', weights=...)``.
        data_preprocessor: an ``EpisodeDataPreProcessor`` config.
        feature_index: which backbone output is the feature map (-1 = last).
        scale: cosine scale (20 in PANet).
        align_weight: PAR loss weight (1 in PANet).
        map_mode: masked average pooling at image resolution, ``'adjoint'`` (default: the same sum
            without materializing upsampled features) or ``'upsample'`` (PANet's code, literally).
        pretrained: checkpoint for the backbone's init_cfg (mmseg style), if any.
        feature_cache_mb: in eval mode, keep the features of images seen in earlier test episodes (by
            file; test images recur across the runs x episodes) up to this many MiB and encode only new
            images. 0 disables it. The cache empties whenever the mode changes or weights are loaded.
    """

    def __init__(self, *, backbone: dict, data_preprocessor: dict, feature_index: int = -1,
                 scale: float = COSINE_SCALE, align_weight: float = 1.0, map_mode: str = 'adjoint',
                 pretrained: Optional[str] = None, feature_cache_mb: float = 1024,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if pretrained is not None:
            backbone = dict(backbone, init_cfg=dict(type='Pretrained', checkpoint=pretrained))
        if map_mode not in MAP_MODES:
            raise ConfigError(f'PANet: map_mode {map_mode!r} is not one of {MAP_MODES}.')
        self.backbone = MODELS.build(backbone)
        self.map_mode = map_mode
        self.feature_index, self.scale, self.align_weight = feature_index, scale, align_weight
        self.feature_cache_bytes = int(feature_cache_mb * 2**20)
        self._feature_cache: dict = {}

    def train(self, mode: bool = True) -> 'PANet':
        self._feature_cache.clear()
        return super().train(mode)

    def _load_from_state_dict(self, *args, **kwargs) -> None:
        self._feature_cache.clear()
        super()._load_from_state_dict(*args, **kwargs)

    def extract_feat(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.backbone(inputs)[self.feature_index]  # (M, C, h, w)

    def encode(self, images: Callable[[], torch.Tensor], size: tuple, keys: Optional[list] = None) -> torch.Tensor:
        """Features of the (M, 3, H, W) images ``images()`` makes (called only when some must be encoded), of
        ``size`` (H, W). In eval mode with ``keys`` (one per image), each distinct image is encoded once and its
        features are reused from the cache while it has room."""
        if self.training or keys is None or self.feature_cache_bytes <= 0:
            return self.extract_feat(images())
        keys = [(key, *size) for key in keys]
        first = {}
        for i, key in enumerate(keys):
            if key not in self._feature_cache:
                first.setdefault(key, i)
        fresh = dict(zip(first, self.extract_feat(images()[list(first.values())]))) if first else {}
        used = sum(f.numel() * f.element_size() for f in self._feature_cache.values())
        for key, feature in fresh.items():
            nbytes = feature.numel() * feature.element_size()
            if used + nbytes <= self.feature_cache_bytes:
                self._feature_cache[key] = feature.clone()  # a slice would keep its whole batch alive
                used += nbytes
        return torch.stack([fresh[key] if key in fresh else self._feature_cache[key] for key in keys])

    def episode_scores(self, queries: torch.Tensor, samples: list) -> dict:
        """Encode supports and queries in one batch; return feature-resolution scores and features.

        ``queries``: (B*Q, 3, H, W); each sample's ``support_imgs`` (N, K, 3, H, W) is normalized.
        """
        fg = torch.stack([s.support_fg for s in samples])  # (B, N, K, H, W)
        bg = torch.stack([s.support_bg for s in samples])
        b, n, k = fg.shape[:3]
        keys = None
        if all('support_paths' in s and 'query_paths' in s for s in samples):
            keys = [p for s in samples for p in s.support_paths] + [p for s in samples for p in s.query_paths]

        def images() -> torch.Tensor:  # (BNK + BQ, 3, H, W): built only when an image is not in the cache
            return torch.cat([torch.stack([s.support_imgs for s in samples]).flatten(0, 2), queries])
        features = self.encode(images, queries.shape[-2:], keys)  # (BNK + BQ, C, h, w)
        support_f, query_f = features[:b * n * k], features[b * n * k:]
        masks = torch.stack([fg, bg], dim=3).flatten(0, 2)  # (BNK, 2, H, W)
        pooled = masked_average_pool(support_f, masks, mode=self.map_mode).view(b, n, k, 2, -1)  # (B, N, K, 2, C)
        prototypes = episode_prototypes(pooled[..., 0, :], pooled[..., 1, :])  # (B, 1+N, C)
        q = query_f.shape[0] // b
        expanded = prototypes[:, None].expand(b, q, *prototypes.shape[1:]).flatten(0, 1)  # (BQ, 1+N, C)
        scores = cosine_logits(query_f, expanded, self.scale)  # (BQ, 1+N, h, w)
        return dict(scores=scores, query_features=query_f, support_features=support_f, fg=fg, bg=bg,
                    shape=(b, q, n, k))

    def method_losses(self, inputs: torch.Tensor, data_samples: list) -> dict:
        out = self.episode_scores(inputs, data_samples)
        logits = upsample_features(out['scores'], inputs.shape[-2:])  # (BQ, 1+N, H, W)
        labels = torch.cat([s.gt_sem_seg.data for s in data_samples]).long()  # (BQ, H, W)
        losses = {'loss_panet_query': F.cross_entropy(logits, labels, ignore_index=IGNORE_INDEX)}
        if self.align_weight > 0:
            b, q, n, k = out['shape']
            hw = out['scores'].shape[-2:]
            losses['loss_panet_align'] = self.align_weight * prototype_alignment_loss(
                out['query_features'].view(b, q, -1, *hw), out['scores'].view(b, q, n + 1, *hw),
                out['support_features'].view(b, n, k, -1, *hw), out['fg'], out['bg'], self.scale)
        return losses

    def encode_decode(self, inputs: torch.Tensor, batch_data_samples: list) -> torch.Tensor:
        """Image-resolution scores (B*Q, 1+N, H, W)."""
        return upsample_features(self.episode_scores(inputs, batch_data_samples)['scores'], inputs.shape[-2:])

    def predict(self, inputs: torch.Tensor, data_samples: list) -> list:
        logits = self.encode_decode(inputs, data_samples)
        pred = class_argmax(logits).view(len(data_samples), -1, *logits.shape[-2:])  # (B, Q, H, W)
        for sample, p in zip(data_samples, pred):
            sample.pred_sem_seg = PixelData(data=p)
        return data_samples

    def _forward(self, inputs: torch.Tensor, data_samples: Optional[list] = None) -> torch.Tensor:
        return self.encode_decode(inputs, data_samples)
