"""Fine-tuning runs two incremental steps with pixel labels, step 1 starting from step 0's weights."""
import pytest
from mmengine.config import Config

from platform_core import ContinualRunner
from platform_core.engine import RunLayout
from platform_core.errors import ScenarioError
from platform_core.models.grow import read_state_dict
from platform_core.testing import tiny_config
from plugins.finetune.plugin import clseg_configure_task
from plugins.incremental.scenario import ClassIncremental

CONFIG = 'configs/finetune/finetune_r18_synthvoc-15-5-overlap.py'


@pytest.mark.integration
def test_two_pixel_supervised_steps_grow_the_classifier(tiny_data, tmp_path):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2,
                      options={'scenario.train_iters': [2, 2]})
    results = ContinualRunner(cfg).run()
    assert [r['task']['supervision'] for r in results] == ['pixel', 'pixel']
    step0, step1 = (read_state_dict(r['checkpoint']) for r in results)
    assert step0['decode_head.conv_seg.weight'].shape[0] == 16 and step1['decode_head.conv_seg.weight'].shape[0] == 21
    assert {'old', 'new', 'all'} <= set(results[1]['metrics'])


def test_step_1_without_a_step_0_checkpoint_is_a_clear_error(tmp_path):
    cfg = Config(dict(work_dir=str(tmp_path / 'run')))
    with pytest.raises(ScenarioError, match='has no checkpoint'):
        clseg_configure_task(cfg=cfg, task=ClassIncremental(setting='15-5').task(1), layout=RunLayout(cfg.work_dir))


@pytest.mark.integration
def test_three_steps_of_15_1_style_single_class_steps(tiny_data, tmp_path):
    options = {'scenario.setting': None, 'scenario.tasks': [list(range(16)), [16], [17]],
               'scenario.train_iters': [2, 2, 2]}
    cfg = tiny_config('configs/finetune/finetune_r18_synthvoc-15-1-overlap.py', data_root=tiny_data,
                      work_dir=tmp_path / 'run', max_iters=2, options=options)
    results = ContinualRunner(cfg).run()
    shapes = [read_state_dict(r['checkpoint'])['decode_head.conv_seg.weight'].shape[0] for r in results]
    assert shapes == [16, 17, 18] and results[2]['task']['new_classes'] == [17]
