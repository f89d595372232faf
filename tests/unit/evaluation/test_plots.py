"""The report's figures: each is a PNG in <work_dir>/plots written atomically, linked relative to results.md."""
import os

import numpy as np

from platform_core.evaluation.plots import bars, heatmap, label_legend, lines, overlays
from platform_core.evaluation.report import iou_figure
from plugins.fewshot.report import per_class_figure
from plugins.incremental.report import figures
from plugins.zeroshot.report import seen_unseen_figure

PNG = b'\x89PNG\r\n\x1a\n'
IOU = {'background': 90.0, 'cat': 50.0, 'dog': None}


def _is_png(path) -> bool:
    return path.read_bytes()[:8] == PNG and not [p for p in os.listdir(path.parent) if p.endswith('.tmp')]


def test_primitives_write_pngs_with_missing_values(tmp_path):
    for path in (heatmap([[1.0, None], [None, 99.0]], ['t0', 't1'], ['a', 'b'], title='m', path=tmp_path / 'h.png'),
                 bars(['a', 'b'], [None, 3.0], errors=[1.0, None], groups=['seen', 'unseen'], title='b', ylabel='IoU',
                      path=tmp_path / 'b.png'),
                 lines(['s0', 's1'], {'old': [None, 2.0], 'new': [1.0, 3.0]}, title='l', ylabel='mIoU',
                       path=tmp_path / 'l.png')):
        assert _is_png(path)


def test_the_iou_figure_is_linked_relative_to_the_work_dir(tmp_path):
    results = [dict(task=dict(name='step 0', classes=[0, 1], new_classes=[0, 1]), metrics=dict(per_class_iou=IOU)),
               dict(task=dict(name='mining', classes=[0, 1]), metrics={}),
               dict(task=dict(name='step 1', classes=[0, 1, 2], new_classes=[2]), metrics=dict(per_class_iou=IOU))]
    assert iou_figure(results, str(tmp_path)) == '![IoU per class after each task](plots/iou_matrix.png)'
    assert _is_png(tmp_path / 'plots' / 'iou_matrix.png')
    assert iou_figure([dict(task=dict(name='x'), metrics=dict(mIoU=1.0))], str(tmp_path / 'none')) is None


def test_incremental_figures_old_new_all_and_forgetting(tmp_path):
    results = [dict(task=dict(name='s0', classes=[0, 1], new_classes=[0, 1]),
                    metrics=dict(old=None, new=50.0, all=70.0, per_class_iou={'background': 90.0, 'cat': 50.0})),
               dict(task=dict(name='s1', classes=[0, 1, 2], new_classes=[2]),
                    metrics=dict(old=40.0, new=30.0, all=50.0, per_class_iou=IOU | {'cat': 40.0, 'dog': 30.0}))]
    assert figures(results, str(tmp_path)) == ['![old / new / all per step](plots/old_new_all.png)',
                                               '![forgetting per class](plots/forgetting.png)']
    assert _is_png(tmp_path / 'plots' / 'forgetting.png')
    assert figures(results[:1], str(tmp_path / 'one')) == ['![old / new / all per step](plots/old_new_all.png)']


def test_few_shot_and_zero_shot_figures(tmp_path):
    shot = dict(task=dict(name='fold 0'), metrics=dict(mIoU=40.0, mIoU_std=2.0, runs=2, episodes=20,
                                                       per_class_iou={'a': 40.0}, per_class_iou_std={'a': 2.0}))
    assert per_class_figure([shot], str(tmp_path)).endswith('![IoU per class](plots/per_class_iou_runs.png)\n')
    gzsl = dict(task=dict(name='gzsl'), metrics=dict(mIoU_seen=10.0, mIoU_unseen=5.0, hIoU=6.67,
                                                     per_class_iou={'a': 10.0, 'b': 5.0}, unseen_class_names=['b']))
    assert seen_unseen_figure([gzsl], str(tmp_path)).endswith('![seen / unseen IoU](plots/seen_unseen_iou.png)\n')
    assert _is_png(tmp_path / 'plots' / 'seen_unseen_iou.png')
    assert _is_png(tmp_path / 'plots' / 'per_class_iou_runs.png')
    assert per_class_figure([dict(task={}, metrics={})], str(tmp_path)) is None
    assert seen_unseen_figure([shot], str(tmp_path)) is None


def test_overlays_and_a_legend_of_the_labels_shown(tmp_path):
    image = np.zeros((8, 8, 3), np.uint8)
    truth, pred = np.zeros((8, 8), np.uint8), np.full((8, 8), 2, np.uint8)
    truth[0, 0] = 255
    assert [p.get_label() for p in label_legend([truth, pred], ['background', 'cat', 'dog'])] == [
        'background', 'dog', 'ignore']
    assert _is_png(overlays([(image, truth, pred)] * 2, ['background', 'cat', 'dog'], title='t',
                            path=tmp_path / 'p.png'))
