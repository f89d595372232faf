"""SIGN (Cheng et al., "SIGN: Spatial-information Incorporated Generative Network for Generalized
Zero-shot Semantic Segmentation", ICCV 2021) on the generative zero-shot segmentor of
``platform_core.models.generative_zsl`` (shared with ZS3Net).

Stages (set by :class:`platform_core.engine.staged_loop.StagedTrainLoop`, one task):
    encoder        E (+SIM) and the classifier on real seen features            loss_<p>_ce (+ loss_<p>_kl)
    generator      G (MMD x50 + LSGAN) and D (LSGAN + classifier CE), E frozen   loss_<p>_mmd, _adv, _disc, _ce
    transfer       classifier on generated features of every class               loss_<p>_transfer
    self_training  E + classifier on labelled + pseudo-labelled pixels (AST)     loss_<p>_ast
Features live at the decode head's resolution; labels are resized to it (nearest), as in CaGNet/SIGN.
"""
import copy
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call

from platform_core.errors import ConfigError
from platform_core.models.feature_generation import mask_logits, scale_grad
from platform_core.models.generative_zsl import IGNORE, GenerativeZSLSegmentor, pixels_of
from platform_core.registry import MODELS

from .losses import ast_weights, kl_divergence, lsgan_discriminator, lsgan_generator, weighted_cross_entropy
from .sim import LatentModule, SpatialInformationModule

__all__ = ['SIGNSegmentor', 'Discriminator']


class Discriminator(nn.Module):
    """1x1 conv D -> hidden (LeakyReLU) shared by a GAN head (-> 1) and the classifier head (-> C), on
    pixels (P, D). The classifier head is the final segmentation classifier."""

    def __init__(self, *, in_dim: int, hidden: int, num_classes: int) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_dim, hidden), nn.LeakyReLU(0.2))
        self.gan_head = nn.Linear(hidden, 1)
        self.cls_head = nn.Linear(hidden, num_classes)

    def forward(self, x) -> tuple:
        t = self.trunk(x)
        return self.gan_head(t).squeeze(-1), self.cls_head(t)  # (P,), (P, C)


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
        return pixels_of(z)[keep], {self.key('kl'): self.kl_weight * kl_divergence(pixels_of(mu)[keep], pixels_of(logvar)[keep])}

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
            logits_t = t['discriminator'](pixels_of(torch.sigmoid(h_t)))[1]
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
