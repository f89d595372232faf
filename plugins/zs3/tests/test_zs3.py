"""ZS3Net baseline: U[0,1) generator noise, a retrained classifier, and a few iterations of every stage."""
from pathlib import Path

import pytest
import torch
from mmseg.registry import MODELS

from platform_core import ContinualRunner
from platform_core.config import load_config
from platform_core.testing import tiny_config

CONFIG = str(Path(__file__).resolve().parents[3] / 'configs/zs3/zs3_r18_synthvoc-15-5-unseen.py')


def _model():
    model = MODELS.build(load_config(CONFIG).model)
    model.seen, model.unseen = [1, 2], [3]
    return model


def test_generator_noise_is_uniform_in_zero_one():
    noise = _model().generator_noise(5000, 'cpu')
    assert noise.shape == (5000, 32) and noise.min() >= 0 and noise.max() < 1
    assert noise.mean().item() == pytest.approx(0.5, abs=0.02)


def test_generator_has_one_hidden_layer_of_256():
    linears = [m for m in _model().generator.modules() if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(9 + 32, 256), (256, 32)]


def test_transfer_resets_the_classifier():
    model = _model()
    torch.nn.init.zeros_(model.classifier.weight)
    model.enter_stage('transfer', first=True)
    assert model.classifier.weight.abs().sum() > 0 and bool(model.unseen_ready)


@pytest.mark.integration
def test_zs3_trains_every_stage_and_reports_gzsl(tiny_data, tmp_path):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=6,
                      options={'model.max_pixels': 64, 'model.transfer.pixels': 64})
    metrics = ContinualRunner(cfg).run()[0]['metrics']
    assert {'mIoU_seen', 'mIoU_unseen', 'hIoU'} <= set(metrics)
