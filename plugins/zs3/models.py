"""ZS3Net (Bucher et al., "Zero-Shot Semantic Segmentation", NeurIPS 2019) as a baseline on the shared
generative zero-shot segmentor: a GMMN generator (class embedding + U[0,1) noise, one hidden layer of
256) trained with ZS3Net's own GMMN loss (per class), then a 1x1 classifier retrained on real seen + generated unseen features
with unseen-class CE weight 100."""


import torch
import torch.nn as nn
import torch.nn.functional as F

from platform_core.models.feature_generation import GMMN_SIGMAS, mask_logits, sample_labels
from platform_core.models.generative_zsl import GenerativeZSLSegmentor
from platform_core.registry import MODELS

__all__ = ['ZS3Segmentor']


@MODELS.register_module()
class ZS3Segmentor(GenerativeZSLSegmentor):
    """ZS3Net on any mmseg encoder (stages encoder, generator, transfer).

    Args (beyond :class:`platform_core.models.generative_zsl.GenerativeZSLSegmentor`):
        unseen_weight: CE weight of unseen classes when the classifier is retrained (100).
        reset_classifier: re-initialise the classifier when the transfer stage starts (ZS3Net trains a new one).
    Transfer options used: ``pixels`` (generated unseen features per step); ``cycle``/``unseen_factor`` are
    SIGN's and unused here.
    """
    PLUGIN = 'zs3'
    MMD_DEFAULTS = {**GenerativeZSLSegmentor.MMD_DEFAULTS, 'estimator': 'gmmn', 'sigmas': GMMN_SIGMAS}

    def __init__(self, *, unseen_weight: float = 100.0, reset_classifier: bool = True, **kwargs) -> None:
        kwargs['generator'] = {**dict(hidden=(256,), dropout=0.5), **(kwargs.get('generator') or {})}
        super().__init__(**kwargs)
        self.classifier = nn.Linear(self.feature_dim, self.num_classes)
        self.unseen_weight, self.reset_classifier = unseen_weight, reset_classifier

    def classify(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.classifier(pixels)

    def generator_noise(self, num: int, device) -> torch.Tensor:
        return torch.rand(num, self.noise_dim, device=device)  # U[0, 1), as ZS3Net's GMMN

    def enter_stage(self, name: str, *, first: bool) -> None:
        super().enter_stage(name, first=first)
        if name == 'transfer' and first and self.reset_classifier:
            self.classifier.reset_parameters()

    def _loss_transfer(self, inputs: torch.Tensor, labels: torch.Tensor) -> dict:
        with torch.no_grad():
            h = self.encode(inputs)
            real, y_real, _, _ = self._real_pixels(h, self._resize(labels, h))
            uniform = torch.full((len(self.unseen),), 1.0 / len(self.unseen))
            y_fake = sample_labels(self.unseen, uniform, self.transfer_cfg['pixels']).to(real.device)
            was_training = self.generator.training
            self.generator.train(self.transfer_cfg['generator_dropout'])
            fake = self.generator(torch.cat([self.class_embeddings[y_fake], self.generator_noise(len(y_fake), real.device)], 1))
            self.generator.train(was_training)
        weight = torch.ones(self.num_classes, device=real.device)
        weight[self.unseen] = self.unseen_weight
        logits = mask_logits(self.classify(torch.cat([real, fake])), self._allowed(self.classes), dim=1)
        return {self.key('transfer'): F.cross_entropy(logits, torch.cat([y_real, y_fake]), weight=weight)}


