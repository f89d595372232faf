"""SIGN runs every stage (E/SIM/C, G/D, transfer, self-training) in one task on tiny data, reports GZSL
metrics, and a run killed inside a stage resumes in that stage with its frozen teacher restored."""
import json
from pathlib import Path

import pytest
import torch

from platform_core import ContinualRunner
from platform_core.errors import ConfigError
from platform_core.testing import tiny_config
from platform_core.testing.hooks import SimulatedCrash
from plugins.sign.models import SIGNSegmentor

CONFIG = str(Path(__file__).resolve().parents[3] / 'configs/sign/sign_r18_synthvoc-15-5-unseen-st.py')
STAGES = [dict(name='encoder', iters=3), dict(name='generator', iters=2), dict(name='transfer', iters=2),
          dict(name='self_training', iters=3)]
SMALL = {'train_cfg.stages': STAGES, 'model.transfer.cycle': (1, 1), 'model.max_pixels': 64,
         'model.transfer.pixels': 64}


@pytest.fixture
def entered(monkeypatch):
    calls = []
    real = SIGNSegmentor.enter_stage

    def record(self, name, *, first):
        calls.append((name, first))
        real(self, name, first=first)

    monkeypatch.setattr(SIGNSegmentor, 'enter_stage', record)
    return calls


@pytest.mark.integration
def test_every_stage_trains_and_the_task_reports_seen_unseen_hiou(tiny_data, tmp_path, entered):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=10, options=SMALL)
    results = ContinualRunner(cfg).run()
    assert entered == [('encoder', True), ('generator', True), ('transfer', True), ('self_training', True)]
    metrics = json.loads((tmp_path / 'run' / 'results.json').read_text())[0]['metrics']
    assert {'mIoU_seen', 'mIoU_unseen', 'hIoU', 'mIoU', 'aAcc'} <= set(metrics)
    assert set(metrics['per_class_iou']) >= {'checkered circle', 'plain circle'}  # unseen 16 and seen 1
    state = torch.load(results[0]['checkpoint'], map_location='cpu', weights_only=False)['state_dict']
    assert bool(state['unseen_ready']) and any(k.startswith('teacher.') for k in state)


@pytest.mark.integration
def test_killed_inside_self_training_resumes_there_with_its_teacher(tiny_data, tmp_path, entered):
    hooks = [dict(type='CrashAtIterHook', at_iter=9)]
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=10, checkpoint_interval=8,
                      options={**SMALL, 'custom_hooks': hooks})
    with pytest.raises(SimulatedCrash):
        ContinualRunner(cfg).run()
    saved = torch.load(tmp_path / 'run' / 'task_0' / 'iter_8.pth', map_location='cpu', weights_only=False)
    teacher = {k: v for k, v in saved['state_dict'].items() if k.startswith('teacher.')}
    entered.clear()
    ContinualRunner(cfg, resume=True).run()
    assert entered == [('self_training', False)]  # resumed mid-stage: the teacher is not re-snapshotted
    final = torch.load(tmp_path / 'run' / 'task_0' / 'iter_10.pth', map_location='cpu', weights_only=False)
    assert all(torch.equal(final['state_dict'][k], v) for k, v in teacher.items())


@pytest.mark.integration
def test_self_training_needs_a_transductive_scenario(tiny_data, tmp_path):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=4,
                      options={**SMALL, 'scenario.transductive': False})
    with pytest.raises(ConfigError, match='set scenario.transductive=True'):
        ContinualRunner(cfg).run()


def test_stage_names_must_be_the_model_stages(tiny_data, tmp_path):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2,
                      options={'train_cfg.stages': [dict(name='warmup', iters=2)]})
    with pytest.raises(ConfigError, match=r"names \['warmup'\], which SIGNSegmentor does not have"):
        ContinualRunner(cfg).run()
