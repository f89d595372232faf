"""Every config in the repo loads, names only registered types, and builds its model."""
from pathlib import Path

import pytest
from mmseg.registry import MODELS
from mmengine.registry import init_default_scope

from platform_core.config import load_config
from platform_core.plugin_manager import build_plugin_manager, check_config_types
from platform_core.registry import SCENARIOS
from platform_core.testing import run_configs

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = run_configs(ROOT / 'configs')
PRETRAIN_CONFIGS = sorted((ROOT / 'configs' / 'pretrain').glob('*.py'))  # tools/pretrain_backbone.py, no scenario


def test_configs_were_found():
    assert len(CONFIGS) > 0


@pytest.mark.parametrize('path', CONFIGS, ids=lambda p: str(p.relative_to(ROOT / 'configs')))
def test_config_builds(path):
    cfg = load_config(str(path))
    assert cfg.get('plugins'), f'{path.name} must list its active plugins in `plugins`'
    pm = build_plugin_manager(cfg.plugins)
    check_config_types(cfg, pm)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    scenario = SCENARIOS.build(cfg.scenario)
    assert scenario.num_tasks >= 1
    model = MODELS.build(cfg.model)  # with its `pretrained` weights named: they load in init_weights, not here
    assert sum(p.numel() for p in model.parameters()) > 0


@pytest.mark.parametrize('path', PRETRAIN_CONFIGS, ids=lambda p: p.name)
def test_pretrain_config_builds_a_model_with_a_backbone_and_names_its_output(path):
    cfg = load_config(str(path))
    assert cfg.get('out', '').endswith('.pth')
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    assert hasattr(MODELS.build(cfg.model), 'backbone')
