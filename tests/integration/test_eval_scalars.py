"""A 2-step run with --tensorboard writes every step's evaluation into <work_dir>/vis_data at step = task index,
as TensorBoard events and mmengine's local scalars.json; the event file reads back to results.json's numbers.
Its results.md links the run's figures (IoU matrix, old / new / all, forgetting, the last task's predictions)."""
import json
import re

import pytest

from platform_core import ContinualRunner
from platform_core.config import enable_tensorboard
from platform_core.testing import tiny_config


@pytest.mark.integration
def test_every_tasks_metrics_reach_tensorboard_and_the_local_backend(tiny_data, tmp_path):
    pytest.importorskip('tensorboard', reason='the tensorboard extra is not installed')
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    cfg = tiny_config('configs/finetune/finetune_r18_synthvoc-15-5-overlap.py', data_root=tiny_data,
                      work_dir=tmp_path / 'run', max_iters=2, options={'scenario.train_iters': [2, 2]})
    enable_tensorboard(cfg)
    results = ContinualRunner(cfg).run()

    events = EventAccumulator(str(tmp_path / 'run' / 'vis_data'))
    events.Reload()
    read = {tag: [(e.step, round(e.value, 4)) for e in events.Scalars(tag)] for tag in events.Tags()['scalars']}
    assert read['eval/mIoU'] == [(0, results[0]['metrics']['mIoU']), (1, results[1]['metrics']['mIoU'])]
    assert read['eval/old'] == [(1, results[1]['metrics']['old'])]
    assert read['eval/incremental/forgetting'] == [(1, results[1]['plugins']['incremental']['forgetting'])]
    assert read['eval/per_class_iou/background'][0] == (0, results[0]['metrics']['per_class_iou']['background'])

    local = [json.loads(line) for line in (tmp_path / 'run' / 'vis_data' / 'scalars.json').read_text().splitlines()]
    assert [(row['step'], row['eval/mIoU']) for row in local] == [(0, results[0]['metrics']['mIoU']),
                                                                    (1, results[1]['metrics']['mIoU'])]

    text = (tmp_path / 'run' / 'results.md').read_text()
    links = re.findall(r'!\[[^]]*\]\(([^)]+)\)', text)
    assert sorted(links) == ['plots/forgetting.png', 'plots/iou_matrix.png', 'plots/old_new_all.png',
                             'plots/predictions.png']
    assert all((tmp_path / 'run' / link).read_bytes()[:4] == b'\x89PNG' for link in links)
