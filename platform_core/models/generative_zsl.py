"""The generative zero-shot segmentor shared by SIGN and ZS3Net: an encoder (any mmseg backbone + decode head)
whose per-pixel features a class-conditioned generator learns to produce, so that a classifier can be
trained on generated features of classes never seen with pixels.

Stages (set by :class:`platform_core.engine.staged_loop.StagedTrainLoop`, one task):
    encoder        E and the classifier on real seen features                  loss_<p>_ce
    generator      G on real seen features (MMD, plus a method's extra terms)  loss_<p>_mmd, ...
    transfer       classifier on generated features of every class             loss_<p>_transfer
Features live at the decode head's resolution; labels are resized to it (nearest), as in CaGNet/SIGN.
"""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F

from ..embeddings import build_embeddings
from ..errors import ConfigError
from .feature_generation import (RELEASED_SIGMAS, MLPGenerator, grouped_mmd, label_prior, mask_logits, sample_labels,
                                 scale_grad)
from .segmentor import ContinualSegmentor

__all__ = ['GenerativeZSLSegmentor', 'pixels_of', 'IGNORE']

IGNORE = 255


def pixels_of(maps: torch.Tensor) -> torch.Tensor:
    """(N, D, h, w) -> (N*h*w, D), pixels in flattened (n, y, x) order."""
    return maps.permute(0, 2, 3, 1).reshape(-1, maps.shape[1])


class GenerativeZSLSegmentor(ContinualSegmentor):
    """Encoder (any mmseg backbone + decode head whose classifier conv outputs ``feature_dim``), a per-pixel
    classifier, a feature generator conditioned on class embeddings, and the staged training above.

    Args:
        feature_dim: D, the feature the generator learns to produce (the decode head's output channels).
        embed_dim: dimension of the class embeddings (checked against the provider's vectors).
        embeddings: class-embedding provider config (``platform_core.embeddings``).
        seen_classes, unseen_classes, class_names, data_root: set by the plugin per task from the scenario
            and the training dataset (relative embedding paths resolve against ``data_root``).
        generator: ``hidden`` sizes, ``dropout``, ``output``; ``noise``: latent size of the generator input.
        mmd: ``weight``, ``estimator`` ('cagnet': CaGNet's centred MMD with a square root, SIGN's; 'gmmn':
            ZS3Net's), ``sigmas``, ``grouping`` ('class' | 'run'), ``form`` ('released' | 'gaussian').
        encoder_grad_scale: gradient scale of the real-feature CE into the encoder (x0.5 in SIGN).
        max_pixels: pixels per batch used by the generator losses (MMD is quadratic in it).
        pretrained: a local checkpoint of the backbone's weights (mmseg's ``pretrained``; the real-size configs'
            ImageNet ResNet-101).
        transfer: ``unseen_factor`` (label prior), ``weight``, ``cycle`` = (generated steps, real steps),
            ``pixels`` generated per step, ``generator_dropout`` (keep G's dropout on when generating).
    """
    STAGES = ('encoder', 'generator', 'transfer')
    MMD_DEFAULTS = dict(weight=50.0, estimator='cagnet', sigmas=RELEASED_SIGMAS, grouping='class', form='released')

    def __init__(self, *, backbone: dict, decode_head: dict, feature_dim: int, embed_dim: int, embeddings: dict,
                 seen_classes: Sequence[int] = (), unseen_classes: Sequence[int] = (),
                 class_names: Optional[Sequence[str]] = None, data_root: Optional[str] = None,
                 generator: Optional[dict] = None, noise_dim: Optional[int] = None, mmd: Optional[dict] = None,
                 encoder_grad_scale: float = 1.0, max_pixels: int = 1024, transfer: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, train_cfg: Optional[dict] = None,
                 test_cfg: Optional[dict] = None, pretrained: Optional[str] = None,
                 init_cfg: Optional[dict] = None) -> None:
        num_classes = decode_head['num_classes']
        super().__init__(backbone=backbone, decode_head=dict(decode_head, num_classes=feature_dim),
                         data_preprocessor=data_preprocessor, train_cfg=train_cfg, test_cfg=test_cfg,
                         pretrained=pretrained, init_cfg=init_cfg)
        self.num_classes = self.out_channels = num_classes
        self.feature_dim, self.embed_dim, self.embeddings_cfg = feature_dim, embed_dim, dict(embeddings)
        self.seen, self.unseen = [int(c) for c in seen_classes], [int(c) for c in unseen_classes]
        self.class_names, self.data_root = class_names, data_root
        self.noise_dim = noise_dim or feature_dim
        gen = {**dict(hidden=(256,), dropout=0.0, output='sigmoid'), **(generator or {})}
        self.generator = MLPGenerator(in_dim=embed_dim + self.noise_dim, out_dim=feature_dim, **gen)
        self.mmd_cfg = {**self.MMD_DEFAULTS, **(mmd or {})}
        self.transfer_cfg = {**dict(unseen_factor=10.0, weight=0.125, cycle=(100, 1), pixels=1024, generator_dropout=False),
                             **(transfer or {})}
        self.encoder_grad_scale, self.max_pixels = encoder_grad_scale, max_pixels
        self.register_buffer('class_embeddings', torch.zeros(num_classes, embed_dim), persistent=False)
        self.register_buffer('unseen_ready', torch.zeros((), dtype=torch.bool))  # persistent: test.py needs it
        self._embeddings_loaded = False
        self.stage, self.stage_iter = 'encoder', 0

    # ------------------------------------------------------------------ parts a method overrides
    def classify(self, pixels: torch.Tensor) -> torch.Tensor:
        """Class logits (P, C) of features (P, D)."""
        raise NotImplementedError

    def encode(self, inputs: torch.Tensor) -> torch.Tensor:
        """Pre-activation features h (N, D, h, w); real features are sigmoid(h)."""
        return self.decode_head(self.extract_feat(inputs))

    def generator_noise(self, num: int, device) -> torch.Tensor:
        """Latent input of the generator when no latent code comes from real features: N(0, I)."""
        return torch.randn(num, self.noise_dim, device=device)

    # ------------------------------------------------------------------ stages
    def enter_stage(self, name: str, *, first: bool) -> None:
        """Called by the stage loop when training enters (``first``) or resumes inside stage ``name``."""
        if name not in self.STAGES:
            raise ConfigError(f'{type(self).__name__} has stages {self.STAGES}; train_cfg.stages names {name!r}.')
        if name in ('transfer', 'self_training'):
            self.unseen_ready.fill_(True)
        self.stage = name

    def method_losses(self, inputs: torch.Tensor, data_samples: list) -> dict:
        self._check_ready()
        labels = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()  # (N, H, W)
        return getattr(self, f'_loss_{self.stage}')(inputs, labels)

    def _loss_encoder(self, inputs, labels) -> dict:
        h = self.encode(inputs)
        feats = torch.sigmoid(scale_grad(h, self.encoder_grad_scale))
        return {self.key('ce'): self._pixel_ce(feats, self._resize(labels, h), self.seen)}

    def _loss_generator(self, inputs, labels) -> dict:
        with torch.no_grad():
            h = self.encode(inputs)
        real, y, noise, extra = self._real_pixels(h, self._resize(labels, h))
        fake = self.generator(torch.cat([self.class_embeddings[y], noise], dim=1))  # (P, D)
        m = self.mmd_cfg
        mmd = grouped_mmd(fake, real, y, estimator=m['estimator'], grouping=m['grouping'], sigmas=m['sigmas'],
                          form=m['form'])
        losses = {self.key('mmd'): m['weight'] * mmd}
        losses.update(extra)
        losses.update(self._generator_extra_losses(real, fake, y))
        return losses

    def _generator_extra_losses(self, real, fake, y) -> dict:
        """Adversarial / classifier terms of the generator stage (none for a plain GMMN)."""
        return {}

    def _real_pixels(self, h: torch.Tensor, y: torch.Tensor) -> tuple:
        """Real features (P, D), labels (P,), generator noise (P, Dz) and extra losses of at most
        ``max_pixels`` labelled seen pixels (kept in flattened order, which 'run' grouping needs)."""
        y = y.flatten()
        keep = torch.nonzero(self._member(y, self.seen)).flatten()
        if len(keep) > self.max_pixels:
            keep = keep[torch.randperm(len(keep), device=keep.device)[:self.max_pixels]].sort().values
        noise, extra = self.noise_for(h, keep)
        return pixels_of(torch.sigmoid(h))[keep], y[keep], noise, extra

    def noise_for(self, h: torch.Tensor, keep: torch.Tensor) -> tuple:
        """Generator noise for the real pixels ``keep`` of the map ``h`` and the losses it brings."""
        return self.generator_noise(len(keep), h.device), {}

    def _loss_transfer(self, inputs, labels) -> dict:
        generated, real = self.transfer_cfg['cycle']
        if self.stage_iter % (generated + real) >= generated:
            with torch.no_grad():
                h = self.encode(inputs)
            return {self.key('transfer_real'): self._pixel_ce(torch.sigmoid(h), self._resize(labels, h), self.classes)}
        y, fake = self.generate(self.transfer_cfg['pixels'])
        logits = mask_logits(self.classify(fake), self._allowed(self.classes), dim=1)
        return {self.key('transfer'): self.transfer_cfg['weight'] * F.cross_entropy(logits, y)}

    @torch.no_grad()
    def generate(self, num: int) -> tuple:
        """``num`` labels from the unseen-favouring prior and their generated features (P, D)."""
        prior = label_prior(self.classes, self.unseen, self.transfer_cfg['unseen_factor'])
        y = sample_labels(self.classes, prior, num).to(self.class_embeddings.device)
        noise = self.generator_noise(num, y.device)
        was_training = self.generator.training
        self.generator.train(self.transfer_cfg['generator_dropout'])  # default off: dropout is G's training noise
        fake = self.generator(torch.cat([self.class_embeddings[y], noise], dim=1))
        self.generator.train(was_training)
        return y, fake

    # ------------------------------------------------------------------ inference
    def encode_decode(self, inputs: torch.Tensor, batch_img_metas: list) -> torch.Tensor:
        self._check_ready()
        h = self.encode(inputs)
        logits = self.classify_map(torch.sigmoid(h))
        allowed = self.classes if bool(self.unseen_ready) else self.seen
        logits = mask_logits(logits, self._allowed(allowed))
        return F.interpolate(logits, size=batch_img_metas[0]['img_shape'], mode='bilinear', align_corners=False)

    def classify_map(self, feats: torch.Tensor) -> torch.Tensor:
        n, _, height, width = feats.shape
        logits = self.classify(pixels_of(feats))  # (N*h*w, C)
        return logits.reshape(n, height, width, -1).permute(0, 3, 1, 2)

    # ------------------------------------------------------------------ helpers
    @property
    def classes(self) -> list:
        return sorted(self.seen + self.unseen)

    def key(self, what: str) -> str:
        return f'loss_{self.PLUGIN}_{what}'

    def _pixel_ce(self, feats: torch.Tensor, y: torch.Tensor, allowed: Sequence[int]) -> torch.Tensor:
        logits = mask_logits(self.classify_map(feats), self._allowed(allowed))
        y = torch.where(self._member(y, allowed), y, torch.full_like(y, IGNORE))
        if not (y != IGNORE).any():
            return logits.sum() * 0
        return F.cross_entropy(logits, y, ignore_index=IGNORE)

    def _allowed(self, classes: Sequence[int]) -> torch.Tensor:
        allowed = torch.zeros(self.num_classes, dtype=torch.bool, device=self.class_embeddings.device)
        allowed[list(classes)] = True
        return allowed

    def _member(self, y: torch.Tensor, classes: Sequence[int]) -> torch.Tensor:
        return self._allowed(classes)[y.clamp(max=self.num_classes - 1)] & (y < self.num_classes)

    @staticmethod
    def _resize(labels: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        return F.interpolate(labels[:, None].float(), size=like.shape[-2:], mode='nearest')[:, 0].long()

    def _check_ready(self) -> None:
        if not self.seen:
            raise ConfigError(f'{type(self).__name__}: no seen classes. Train it under the `zeroshot` scenario with '
                              f"'{self.PLUGIN}' in `plugins` (the plugin sets model.seen_classes per task).")
        if not self._embeddings_loaded:
            self._load_embeddings()

    def _load_embeddings(self) -> None:
        names = self.class_names or [str(c) for c in range(self.num_classes)]
        matrix = build_embeddings(self.embeddings_cfg, [names[c] for c in self.classes], root=self.data_root,
                                  dim=self.embed_dim)
        self.class_embeddings[self.classes] = torch.as_tensor(matrix).to(self.class_embeddings)
        self._embeddings_loaded = True
