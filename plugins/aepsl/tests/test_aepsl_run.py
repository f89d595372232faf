"""AE-PSL runs end to end on tiny data: two erasing rounds then a few PSL iterations, files reused on resume."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from platform_core import ContinualRunner
from platform_core.testing import tiny_config

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / 'configs/aepsl/aepsl_r18_synthvoc.py')


def _tiny(tiny_data, work_dir, tmp_path, min_gain=None):
    """Two rounds of 2 iterations: no round learns much, so the stop check is off unless asked for."""
    return tiny_config(CONFIG, data_root=tiny_data, work_dir=work_dir, max_iters=3, options={
        'scenario.num_tasks': 3, 'aepsl.rounds': 2, 'aepsl.round_iters': 2, 'aepsl.grid_images': 2,
        'aepsl.mining_batch_size': 4, 'aepsl.round_min_gain': min_gain})


@pytest.mark.integration
def test_two_rounds_then_psl_train_mine_assemble_and_evaluate(tiny_data, tmp_path, monkeypatch):
    monkeypatch.setenv('CLSEG_SALIENCY_CACHE', str(tmp_path / 'saliency'))
    run = tmp_path / 'run'
    results = ContinualRunner(_tiny(tiny_data, run, tmp_path)).run()
    assert len(results) == 3 and results[0]['metrics'] == {} and 0 <= results[2]['metrics']['mIoU'] <= 100
    ids = (Path(tiny_data) / 'ImageSets/Segmentation/train.txt').read_text().split()
    for r in range(2):
        assert sorted(p.stem for p in (run / f'task_{r}/aepsl/mined').glob('*.png')) == sorted(ids)
        assert results[r]['plugins']['aepsl']['round'] == r + 1
    assembled = np.asarray(Image.open(run / f'task_1/aepsl/assembled/{ids[0]}.png'))
    assert assembled.shape == (64, 64) and set(np.unique(assembled)) <= set(range(21)) | {255}
    assert (run / 'task_1/aepsl/rounds_grid.png').is_file()
    assert 'mined union, rounds 1-2' in (run / 'results.md').read_text()
    # round 2 erased round 1's regions: its pipeline had the erasing step with the dataset mean pixel
    mean = json.loads((run / 'task_0/aepsl/mean_pixel.json').read_text())
    assert len(mean) == 3 and all(0 < v < 255 for v in mean)
    # tools/test.py evaluates the checkpoint asked for, also where the PSL stage would start from round 2's
    # classifier (its folder has no checkpoint of its own)
    shutil.move(run / 'task_2', tmp_path / 'psl')
    checkpoint = str(tmp_path / 'psl' / Path(results[2]['checkpoint']).name)
    runner = ContinualRunner(_tiny(tiny_data, run, tmp_path))
    assert runner.task_config(runner.tasks[2], load_from=checkpoint).load_from == checkpoint
    assert runner.test(checkpoint)['mIoU'] == results[2]['metrics']['mIoU']


@pytest.mark.integration
def test_run_killed_while_mining_resumes_and_reuses_the_saved_masks(tiny_data, tmp_path, monkeypatch):
    """Stand in for a kill during round 2's mining: its state entry and some mined files are gone."""
    monkeypatch.setenv('CLSEG_SALIENCY_CACHE', str(tmp_path / 'saliency'))
    run = tmp_path / 'run'
    cfg = _tiny(tiny_data, run, tmp_path)
    first = ContinualRunner(cfg).run()
    state = json.loads((run / 'state.json').read_text())
    (run / 'state.json').write_text(json.dumps(dict(state, completed=state['completed'][:1])))
    mined = sorted((run / 'task_1/aepsl/mined').glob('*.png'))
    for path in mined[:3]:
        path.unlink()
    kept = {p: p.stat().st_mtime_ns for p in mined[3:]}
    again = ContinualRunner(cfg, resume=True).run()
    assert again[1]['plugins']['aepsl']['newly_mined'] == 3
    assert {p: p.stat().st_mtime_ns for p in kept} == kept
    assert again[1]['plugins']['aepsl']['mined'] == first[1]['plugins']['aepsl']['mined']


@pytest.mark.integration
def test_a_round_that_learned_nothing_stops_the_erasing_and_psl_still_trains(tiny_data, tmp_path, monkeypatch):
    """Two iterations cannot bring the loss 90% below the class prior's: round 1 is judged unlearned, its
    regions are not used, round 2 does not train, and PSL trains on saliency-only masks."""
    monkeypatch.setenv('CLSEG_SALIENCY_CACHE', str(tmp_path / 'saliency'))
    run = tmp_path / 'run'
    results = ContinualRunner(_tiny(tiny_data, run, tmp_path, min_gain=0.9)).run()
    fit = json.loads((run / 'task_0/aepsl/fit.json').read_text())
    assert not fit['learned'] and fit['loss'] > 0.1 * fit['prior_loss']
    assert results[0]['plugins']['aepsl']['rounds_used'] == 0 == results[1]['plugins']['aepsl']['rounds_used']
    assert 'classifier' not in results[1]['plugins']['aepsl'] and results[1]['checkpoint'] is None
    assembled = np.stack([np.asarray(Image.open(p)) for p in (run / 'task_1/aepsl/assembled').glob('*.png')])
    assert set(np.unique(assembled)) <= {0, 255}  # no mined class: background by saliency, the rest ignored
    assert results[2]['checkpoint'] and 0 <= results[2]['metrics']['mIoU'] <= 100
