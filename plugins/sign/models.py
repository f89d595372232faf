"""SIGN (Cheng et al., "SIGN: Spatial-information Incorporated Generative Network for Generalized
Zero-shot Semantic Segmentation", ICCV 2021) and the generative zero-shot segmentor it shares with ZS3Net.

Stages (set by :class:`plugins.sign.loops.StagedTrainLoop`, one task):
    encoder        E (+SIM) and the classifier on real seen features            loss_<p>_ce (+ loss_<p>_kl)
    generator      G (MMD x50 + LSGAN) and D (LSGAN + classifier CE), E frozen   loss_<p>_mmd, _adv, _disc, _ce
    transfer       classifier on generated features of every class               loss_<p>_transfer
    self_training  E + classifier on labelled + pseudo-labelled pixels (AST)     loss_<p>_ast
Features live at the decode head's resolution; labels are resized to it (nearest), as in CaGNet/SIGN.
"""
import copy
from typing import Optional, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call

from platform_core.embeddings import build_embeddings
from platform_core.errors import ConfigError
from platform_core.models import ContinualSegmentor, collect_extra_losses
from platform_core.models.feature_generation import (MLPGenerator, grouped_mmd, label_prior, sample_labels,
                                                     scale_grad)
from platform_core.registry import MODELS

from .losses import ast_weights, kl_divergence, lsgan_discriminator, lsgan_generator, mask_logits, weighted_cross_entropy
from .sim import LatentModule, SpatialInformationModule

__all__ = ['GenerativeZSLSegmentor', 'SIGNSegmentor', 'Discriminator']

IGNORE = 255


def _pixels(maps: torch.Tensor) -> torch.Tensor:
    """(N, D, h, w) -> (N*h*w, D), pixels in flattened (n, y, x) order."""
    return maps.permute(0, 2, 3, 1).reshape(-1, maps.shape[1])


class Discriminator(nn.Module):
    """1x1 conv D -> hidden (LeakyReLU) shared by a GAN head (-> 1) and the classifier head (-> C), on
    pixels (P, D). The classifier head is the final segmentation classifier."""

    def __init__(self, *, in_dim: int, hidden: int, num_classes: int) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_dim, hidden), nn.LeakyReLU(0.2))
        self.gan_head = nn.Linear(hidden, 1)
        self.cls_head = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> tuple:
        t = self.trunk(x)
        return self.gan_head(t).squeeze(-1), self.cls_head(t)  # (P,), (P, C)


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
        mmd: ``weight``, ``sigmas``, ``grouping`` ('class' | 'run'), ``form`` ('released' | 'gaussian').
        encoder_grad_scale: gradient scale of the real-feature CE into the encoder (x0.5 in SIGN).
        max_pixels: pixels per batch used by the generator losses (MMD is quadratic in it).
        transfer: ``unseen_factor`` (label prior), ``weight``, ``cycle`` = (generated steps, real steps),
            ``pixels`` generated per step, ``generator_dropout`` (keep G's dropout on when generating).
    """
    STAGES = ('encoder', 'generator', 'transfer')

    def __init__(self, *, backbone: dict, decode_head: dict, feature_dim: int, embed_dim: int, embeddings: dict,
                 seen_classes: Sequence[int] = (), unseen_classes: Sequence[int] = (),
                 class_names: Optional[Sequence[str]] = None, data_root: Optional[str] = None,
                 generator: Optional[dict] = None, noise_dim: Optional[int] = None, mmd: Optional[dict] = None,
                 encoder_grad_scale: float = 1.0, max_pixels: int = 1024, transfer: Optional[dict] = None,
                 data_preprocessor: Optional[dict] = None, train_cfg: Optional[dict] = None,
                 test_cfg: Optional[dict] = None, init_cfg: Optional[dict] = None) -> None:
        num_classes = decode_head['num_classes']
        super().__init__(backbone=backbone, decode_head=dict(decode_head, num_classes=feature_dim),
                         data_preprocessor=data_preprocessor, train_cfg=train_cfg, test_cfg=test_cfg, init_cfg=init_cfg)
        self.num_classes = self.out_channels = num_classes
        self.feature_dim, self.embed_dim, self.embeddings_cfg = feature_dim, embed_dim, dict(embeddings)
        self.seen, self.unseen = [int(c) for c in seen_classes], [int(c) for c in unseen_classes]
        self.class_names, self.data_root = class_names, data_root
        self.noise_dim = noise_dim or feature_dim
        gen = {**dict(hidden=(256,), dropout=0.0, output='sigmoid'), **(generator or {})}
        self.generator = MLPGenerator(in_dim=embed_dim + self.noise_dim, out_dim=feature_dim, **gen)
        self.mmd_cfg = {**dict(weight=50.0, sigmas=(2, 5, 10, 20, 40, 60), grouping='class', form='released'),
                        **(mmd or {})}
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

    def loss(self, inputs: torch.Tensor, data_samples: list) -> dict:
        self._check_ready()
        labels = torch.stack([s.gt_sem_seg.data[0] for s in data_samples]).long()  # (N, H, W)
        losses = getattr(self, f'_loss_{self.stage}')(inputs, labels)
        losses.update(collect_extra_losses(self, inputs, data_samples))
        return losses

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
        losses = {self.key('mmd'): m['weight'] * grouped_mmd(fake, real, y, grouping=m['grouping'],
                                                             sigmas=m['sigmas'], form=m['form'])}
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
        return _pixels(torch.sigmoid(h))[keep], y[keep], noise, extra

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
        logits = self.classify(_pixels(feats))  # (N*h*w, C)
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


@MODELS.register_module()
class SIGNSegmentor(GenerativeZSLSegmentor):
    """SIGN: SIM with relative positional encoding, a latent code (KL) as the generator's noise, an LSGAN
    discriminator whose classifier head segments, transfer with unseen oversampling, and annealed
    self-training (see the module docstring and plugins/sign/README.md for every option).

    Args (beyond :class:`GenerativeZSLSegmentor`):
        use_sim: SIM + latent module; off = SIGN without SIM (generator noise N(0, I)).
        pos_channels: channels of the positional encoding (multiple of 4; default ``feature_dim``).
        kl_weight: weight of the latent module's KL term (100).
        disc_hidden: width of the discriminator trunk (1024).
        adv_weight: weight of the generator's LSGAN term (1).
        self_training: ``dict(temperature=T)`` enables the self_training stage (needs a frozen copy).
    """
    PLUGIN = 'sign'
    STAGES = ('encoder', 'generator', 'transfer', 'self_training')

    def __init__(self, *, use_sim: bool = True, pos_channels: Optional[int] = None, kl_weight: float = 100.0,
                 disc_hidden: int = 1024, adv_weight: float = 1.0, self_training: Optional[dict] = None,
                 **kwargs) -> None:
        kwargs.setdefault('generator', {})
        kwargs['generator'] = {**dict(hidden=(1024, 960, 864, 784, 720), dropout=0.5), **(kwargs['generator'] or {})}
        kwargs.setdefault('encoder_grad_scale', 0.5)
        super().__init__(**kwargs)
        d = self.feature_dim
        self.sim = SpatialInformationModule(channels=d, pos_channels=pos_channels or d) if use_sim else None
        self.latent = LatentModule(channels=d, latent_dim=self.noise_dim) if use_sim else None
        self.discriminator = Discriminator(in_dim=d, hidden=disc_hidden, num_classes=self.num_classes)
        self.kl_weight, self.adv_weight = kl_weight, adv_weight
        self.st_cfg = {'temperature': 5.0, **self_training} if self_training is not None else None
        self.teacher = None
        if self.st_cfg is not None:  # a registered frozen copy, so a resumed run restores it from the checkpoint
            self.teacher = nn.ModuleDict(dict(backbone=copy.deepcopy(self.backbone),
                                              decode_head=copy.deepcopy(self.decode_head),
                                              sim=copy.deepcopy(self.sim) or nn.Identity(),
                                              discriminator=copy.deepcopy(self.discriminator))).requires_grad_(False)

    def classify(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.discriminator(pixels)[1]

    def train(self, mode: bool = True) -> 'SIGNSegmentor':
        super().train(mode)
        if self.teacher is not None:
            self.teacher.eval()  # frozen: no dropout, and BN statistics must not drift
        return self

    def encode(self, inputs: torch.Tensor) -> torch.Tensor:
        h = self.decode_head(self.extract_feat(inputs))  # (N, D, h, w)
        return self.sim(h) if self.sim is not None else h

    def enter_stage(self, name: str, *, first: bool) -> None:
        if name == 'self_training' and self.teacher is None:
            raise ConfigError("SIGN: train_cfg.stages has 'self_training' but model.self_training is None; set "
                              'model.self_training=dict(temperature=...).')
        super().enter_stage(name, first=first)
        if name == 'self_training' and first:
            for part in ('backbone', 'decode_head', 'sim', 'discriminator'):
                if getattr(self, part) is not None:
                    self.teacher[part].load_state_dict(getattr(self, part).state_dict())

    def noise_for(self, h, keep):
        if self.latent is None:
            return super().noise_for(h, keep)
        z, mu, logvar = self.latent(h)  # (N, Dz, h, w) each; trained by the MMD (through G) and the KL
        return _pixels(z)[keep], {self.key('kl'): self.kl_weight * kl_divergence(_pixels(mu)[keep], _pixels(logvar)[keep])}

    def _generator_extra_losses(self, real, fake, y) -> dict:
        detached = {k: v.detach() for k, v in self.discriminator.named_parameters()}
        fake_score, _ = functional_call(self.discriminator, detached, (fake,))  # G's loss must not move D
        real_score, real_logits = self.discriminator(real)
        fake_score_d, _ = self.discriminator(fake.detach())
        return {self.key('adv'): self.adv_weight * lsgan_generator(fake_score),
                self.key('disc'): lsgan_discriminator(real_score, fake_score_d),
                self.key('ce'): F.cross_entropy(mask_logits(real_logits, self._allowed(self.seen), dim=1), y)}

    def _loss_self_training(self, inputs, labels) -> dict:
        with torch.no_grad():
            t = self.teacher
            h_t = t['sim'](t['decode_head'](t['backbone'](inputs)))
            n, _, height, width = h_t.shape
            logits_t = t['discriminator'](_pixels(torch.sigmoid(h_t)))[1]
            logits_t = mask_logits(logits_t, self._allowed(self.classes), dim=1).reshape(n, height, width, -1)
            probs = logits_t.softmax(-1)  # (N, h, w, C)
            unseen_probs = probs[..., self.unseen]
            conf, idx = unseen_probs.max(-1)  # top UNSEEN class per pixel
            pseudo_label = torch.as_tensor(self.unseen, device=idx.device)[idx]
        h = self.encode(inputs)
        y = self._resize(labels, h)
        pseudo = y == IGNORE
        target = torch.where(pseudo, pseudo_label, y)
        weights = ast_weights(conf, pseudo, self.st_cfg['temperature'])
        logits = mask_logits(self.classify_map(torch.sigmoid(scale_grad(h, self.encoder_grad_scale))),
                             self._allowed(self.classes))
        return {self.key('ast'): weighted_cross_entropy(logits, target, weights)}
