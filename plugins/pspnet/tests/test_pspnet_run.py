"""PSPNet trains through the platform for a few iterations and tools/test.py reproduces its metrics."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from platform_core import ContinualRunner
from platform_core.testing import tiny_config

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py')


@pytest.mark.integration
def test_pspnet_trains_evaluates_and_writes_results(tiny_data, tmp_path):
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=3)
    results = ContinualRunner(cfg).run()
    metrics = results[0]['metrics']
    assert 0 <= metrics['mIoU'] <= 100 and len(metrics['per_class_iou']) == 21
    run = tmp_path / 'run'
    assert json.loads((run / 'results.json').read_text())[0]['metrics']['mIoU'] == metrics['mIoU']
    assert len(json.loads((run / 'state.json').read_text())['completed']) == 1
    assert '| joint |' in (run / 'results.md').read_text()
    assert Path(results[0]['checkpoint']).name == 'iter_3.pth'

    test_run = subprocess.run(
        [sys.executable, str(ROOT / 'tools/test.py'), CONFIG, results[0]['checkpoint'],
         '--work-dir', str(tmp_path / 'test'), '--data-root', str(tiny_data),
         '--cfg-options', 'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=False',
         'model.data_preprocessor.size=(64,64)'],
        capture_output=True, text=True, cwd=ROOT)
    assert test_run.returncode == 0, test_run.stderr[-3000:]
    tested = json.loads((tmp_path / 'test' / 'test_metrics.json').read_text())
    assert tested['mIoU'] == pytest.approx(metrics['mIoU'], abs=0.01)
