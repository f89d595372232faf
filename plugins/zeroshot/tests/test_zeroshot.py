"""The zeroshot scenario: unseen lists, protocol label transforms, image filters, errors."""
import numpy as np
import pytest
from mmengine.config import Config

from platform_core.errors import ScenarioError
from platform_core.registry import TRANSFORMS
from plugins.zeroshot.scenario import ZeroShot, resolve_unseen

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='PackClsegInputs')]


def _cfg() -> Config:
    dataset = dict(type='SynthVOCDataset', pipeline=PIPELINE)
    return Config(dict(model=dict(decode_head=dict(num_classes=3)), train_dataloader=dict(dataset=dataset),
                       test_dataloader=dict(dataset=dict(dataset)), test_evaluator=dict(type='ClsegIoUMetric')))


@pytest.mark.parametrize('unseen, dataset, expected', [
    ('spnet', 'voc', (16, 17, 18, 19, 20)),
    ('spnet', 'synthvoc', (16, 17, 18, 19, 20)),
    ('zs3-2', 'voc', (10, 14)),                      # cow, motorbike
    ('zs3-4', 'voc', (1, 10, 14, 18)),               # + aeroplane, sofa
    (['sheep', 3], 'voc', (3, 17)),
    ([20, 16, 16], 'synthvoc', (16, 20)),
])
def test_unseen_lists(unseen, dataset, expected):
    assert resolve_unseen(unseen, dataset=dataset, class_names=None) == expected


def test_context_names_need_the_class_list():
    names = ['background', 'cow', 'cat', 'sofa', 'motorbike', 'wall']
    assert resolve_unseen('spnet', dataset='context', class_names=names) == (1, 2, 3, 4)
    with pytest.raises(ScenarioError, match="unseen class 'cow' is not a known class name"):
        resolve_unseen('spnet', dataset='context', class_names=None)
    with pytest.raises(ScenarioError, match="'zs3-<n>'"):
        resolve_unseen('half', dataset='voc', class_names=None)


def _train_label(scenario: ZeroShot, label: np.ndarray) -> np.ndarray:
    task = scenario.task(0)
    steps = scenario.configure(_cfg(), task)['train_dataloader.dataset.pipeline']
    remap = TRANSFORMS.build(steps[2])
    return remap.transform(dict(gt_seg_map=label))['gt_seg_map']


LABEL = np.array([[0, 1, 2], [16, 20, 255]], np.uint8)


def test_ignore_background_protocol_sends_background_and_unseen_to_255():
    scenario = ZeroShot(num_classes=21, unseen='spnet', dataset='voc', protocol='ignore_background')
    assert _train_label(scenario, LABEL).tolist() == [[255, 1, 2], [255, 255, 255]]
    assert scenario.task(0).classes == tuple(range(1, 21)) and 0 not in scenario.seen


def test_background_seen_protocol_keeps_background_and_drops_unseen_images():
    scenario = ZeroShot(num_classes=21, unseen='spnet', dataset='voc', protocol='background_seen')
    assert _train_label(scenario, LABEL).tolist() == [[0, 1, 2], [255, 255, 255]]
    overrides = scenario.configure(_cfg(), scenario.task(0))
    assert overrides['train_dataloader.dataset.class_filter'] == dict(none_of=[16, 17, 18, 19, 20])
    assert 'test_dataloader.dataset.pipeline' not in overrides  # background is evaluated as a seen class
    assert scenario.seen[0] == 0


def test_evaluation_uses_the_gzsl_metric_and_ignores_background():
    scenario = ZeroShot(num_classes=21, unseen=[16, 17, 18, 19, 20], dataset='synthvoc', absent='zero')
    overrides = scenario.configure(_cfg(), scenario.task(0))
    metric = overrides['test_evaluator']
    assert metric['type'] == 'GZSLMetric' and metric['unseen_classes'] == [16, 17, 18, 19, 20]
    assert metric['seen_classes'] == list(range(1, 16)) and metric['absent'] == 'zero'
    remap = TRANSFORMS.build(overrides['test_dataloader.dataset.pipeline'][2])
    assert remap.transform(dict(gt_seg_map=LABEL))['gt_seg_map'].tolist() == [[255, 1, 2], [16, 20, 255]]
    assert 'train_dataloader.dataset.class_filter' not in overrides  # unseen images kept, pixels ignored


def test_task_carries_the_protocol_facts():
    task = ZeroShot(num_classes=21, unseen='spnet', transductive=True).task(0)
    assert task.supervision == 'pixel' and task.get('unseen') == (16, 17, 18, 19, 20)
    assert task.get('transductive') is True and task.new_classes == tuple(range(1, 16))


@pytest.mark.parametrize('kwargs, message', [
    (dict(protocol='zs5'), "protocol='zs5' must be one of"),
    (dict(unseen_images='keep'), "unseen_images='keep' must be one of"),
    (dict(protocol='background_seen', transductive=True), "transductive=True uses the unlabelled pixels"),
    (dict(unseen=[0, 21]), r'unseen classes \[0, 21\] are outside'),
    (dict(unseen=list(range(1, 21))), r'leaves 0 seen and 20 unseen classes of 1\.\.20; .*both must be non-empty'),
    (dict(unseen=[]), r'leaves 20 seen and 0 unseen classes'),
])
def test_bad_arguments_are_scenario_errors(kwargs, message):
    with pytest.raises(ScenarioError, match=message):
        ZeroShot(**{**dict(num_classes=21, unseen='spnet'), **kwargs})


def test_only_one_task():
    with pytest.raises(ScenarioError, match='one task'):
        ZeroShot(num_classes=21, unseen='spnet').task(1)
