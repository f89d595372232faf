"""PANet trains a few episodic iterations and runs a 20-episode test through the platform, on CPU."""
import json

import pytest

from platform_core import ContinualRunner
from platform_core.testing import make_tiny_synthvoc, tiny_config

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / 'configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py')


@pytest.fixture(scope='module')
def episode_data(tmp_path_factory):
    """Enough 64x64 images that every class has a few (the session's tiny set has 8 val images)."""
    return make_tiny_synthvoc(tmp_path_factory.mktemp('fewshot') / 'synthvoc', num_train=40, num_val=40)


@pytest.mark.integration
def test_panet_trains_and_tests_20_episodes(episode_data, tmp_path):
    options = {'scenario.test_runs': 2, 'scenario.test_episodes': 10}
    cfg = tiny_config(CONFIG, data_root=episode_data, work_dir=tmp_path / 'run', max_iters=3, options=options)
    results = ContinualRunner(cfg).run()
    metrics = results[0]['metrics']
    assert results[0]['task']['name'] == 'pascal-5i fold 0 1-way 1-shot'
    assert metrics['runs'] == 2 and metrics['episodes'] == 20 and len(metrics['mIoU_per_run']) == 2
    assert 0 <= metrics['mIoU'] <= 100 and 0 <= metrics['FB-IoU'] <= 100
    assert set(metrics['per_class_iou']) == {'plain circle', 'striped square', 'dotted triangle',
                                             'checkered diamond', 'plain cross'}
    saved = json.loads((tmp_path / 'run' / 'results.json').read_text())[0]['metrics']
    assert saved['mIoU'] == metrics['mIoU'] and saved['per_class_iou'] == metrics['per_class_iou']


@pytest.mark.integration
def test_a_test_split_too_small_for_the_shots_is_an_error_before_training(tiny_data, tmp_path):
    """The session's tiny set has 8 val images: no novel class has 6 (5 shots + 1 query). Training episodes may
    repeat images here (allow_repeats), the test's may not; the error comes before the first iteration."""
    from platform_core.errors import ScenarioError

    options = {'scenario.shots': 5, 'train_dataloader.dataset.allow_repeats': True}
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=3, options=options)
    with pytest.raises(ScenarioError, match=r'1-way 5-shot episode with 1 queries needs 1 classes with >= 6 images '
                                            r'each in .*val\.txt'):
        ContinualRunner(cfg).run()
    assert not list((tmp_path / 'run' / 'task_0').glob('iter_*.pth'))
