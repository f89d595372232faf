"""What a 2-step run with --tensorboard leaves for a reader: every step's evaluation in <work_dir>/vis_data at
step = task index (TensorBoard events, which read back to results.json's numbers, and mmengine's scalars.json);
results.md linking the run's figures; results.html showing its tables and figures in headless Chromium."""
import json
import re
import shutil
import subprocess

import pytest

from platform_core import ContinualRunner
from platform_core.config import enable_tensorboard
from platform_core.testing import tiny_config

FIGURES = ['plots/forgetting.png', 'plots/iou_matrix.png', 'plots/old_new_all.png', 'plots/predictions.png']


@pytest.fixture(scope='module')
def run(tiny_data, tmp_path_factory):
    """(work dir, results) of a 2-step fine-tuning run with TensorBoard."""
    pytest.importorskip('tensorboard', reason='the tensorboard extra is not installed')
    work_dir = tmp_path_factory.mktemp('outputs') / 'run'
    cfg = tiny_config('configs/finetune/finetune_r18_synthvoc-15-5-overlap.py', data_root=tiny_data,
                      work_dir=work_dir, max_iters=2, options={'scenario.train_iters': [2, 2]})
    enable_tensorboard(cfg)
    return work_dir, ContinualRunner(cfg).run()


@pytest.mark.integration
def test_every_tasks_metrics_reach_tensorboard_and_the_local_backend(run):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    work_dir, results = run
    events = EventAccumulator(str(work_dir / 'vis_data'))
    events.Reload()
    read = {tag: [(e.step, round(e.value, 4)) for e in events.Scalars(tag)] for tag in events.Tags()['scalars']}
    assert read['eval/mIoU'] == [(0, results[0]['metrics']['mIoU']), (1, results[1]['metrics']['mIoU'])]
    assert read['eval/old'] == [(1, results[1]['metrics']['old'])]
    assert read['eval/incremental/forgetting'] == [(1, results[1]['plugins']['incremental']['forgetting'])]
    assert read['eval/per_class_iou/background'][0] == (0, results[0]['metrics']['per_class_iou']['background'])

    local = [json.loads(line) for line in (work_dir / 'vis_data' / 'scalars.json').read_text().splitlines()]
    assert [(row['step'], row['eval/mIoU']) for row in local] == [(0, results[0]['metrics']['mIoU']),
                                                                    (1, results[1]['metrics']['mIoU'])]


@pytest.mark.integration
def test_results_md_links_the_runs_figures(run):
    work_dir, _ = run
    links = re.findall(r'!\[[^]]*\]\(([^)]+)\)', (work_dir / 'results.md').read_text())
    assert sorted(links) == FIGURES
    assert all((work_dir / link).read_bytes()[:4] == b'\x89PNG' for link in links)


@pytest.mark.integration
def test_results_html_shows_its_tables_and_figures_in_a_browser(run):
    browser = next((shutil.which(name) for name in ('chromium', 'chromium-browser', 'google-chrome')
                    if shutil.which(name)), None)
    if browser is None:
        pytest.skip('headless Chromium is not installed (Debian: apt-get install chromium)')
    work_dir, _ = run
    dom = subprocess.run([browser, '--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000',
                          '--dump-dom', (work_dir / 'results.html').as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    images = re.findall(r'<img [^>]*>', dom)
    assert sorted(re.search(r'src="([^"]+)"', img).group(1) for img in images) == FIGURES
    assert all('data-loaded' in img for img in images), images
    assert dom.count('<table>') == 3 and '<h2>Config</h2>' in dom and 'finetune' in dom
