"""Every task's evaluation as scalars: which numbers of a results entry become which tags."""
import sys

import pytest
from mmengine.config import Config

from platform_core.config import enable_tensorboard
from platform_core.engine.eval_scalars import task_scalars
from platform_core.errors import ConfigError


def test_metrics_per_class_iou_and_plugin_numbers_become_eval_scalars():
    entry = dict(task=dict(index=1), metrics=dict(mIoU=40.0, old=30.5, new=None, runs=2, flag=True, note='x',
                                                  per_class_iou={'background': 90.0, 'cat': None}),
                 plugins=dict(incremental=dict(forgetting=3.25, forgetting_per_class={'cat': 1.0}), other=None))
    assert task_scalars(entry) == {'eval/mIoU': 40.0, 'eval/old': 30.5, 'eval/runs': 2.0,
                                   'eval/per_class_iou/background': 90.0, 'eval/incremental/forgetting': 3.25}


def test_a_task_without_evaluation_has_no_scalars():
    assert task_scalars(dict(task=dict(index=0), metrics={}, plugins={})) == {}


def test_tensorboard_is_added_once_to_both_backend_lists():
    cfg = Config(dict(vis_backends=[dict(type='LocalVisBackend')],
                      visualizer=dict(type='SegLocalVisualizer', vis_backends=[dict(type='LocalVisBackend')])))
    enable_tensorboard(cfg)
    enable_tensorboard(cfg)
    for backends in (cfg.vis_backends, cfg.visualizer.vis_backends):
        assert [b['type'] for b in backends] == ['LocalVisBackend', 'TensorboardVisBackend']


def test_tensorboard_without_the_package_is_one_error_saying_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, 'tensorboard', None)
    with pytest.raises(ConfigError, match=r"--tensorboard needs the tensorboard package: pip install -e '\.\[tensorb"):
        enable_tensorboard(Config(dict(vis_backends=[])))
