"""The class-incremental scenario: task lists, image filters per mode on hand-labelled PNG masks, label
remapping in training and evaluation, class order, and its errors."""
import numpy as np
import pytest
from mmengine.config import Config
from PIL import Image

from platform_core.data import image_classes
from platform_core.data.dataset import VOCLayoutDataset
from platform_core.errors import ScenarioError
from platform_core.registry import TRANSFORMS
from plugins.incremental.scenario import ClassIncremental

# Hand-labelled 4x4 masks: image id -> (pixel rows). 255 = ignore.
MASKS = {
    'a': [[0, 0, 1, 1]] * 4,                                     # {1}
    'b': [[1, 1, 3, 3]] * 4,                                     # {1, 3}
    'c': [[0, 3, 3, 0]] * 4,                                     # {3}
    'd': [[2, 2, 0, 4]] * 4,                                     # {2, 4}
    'e': [[0, 0, 0, 0]] * 4,                                     # background only
    'f': [[4, 255, 0, 0]] * 4,                                   # {4} + ignore
}
TASKS = [[0, 1, 2], [3, 4]]
# mode -> expected kept images at step 0 and step 1.
EXPECTED = {
    'overlap': (['a', 'b', 'd'], ['b', 'c', 'd', 'f']),
    'disjoint': (['a'], ['b', 'c', 'd', 'f']),
    'sequential': (['a', 'e'], ['a', 'b', 'c', 'd', 'e', 'f']),
}


@pytest.fixture
def voc_fixture(tmp_path, monkeypatch):
    monkeypatch.setattr(image_classes, 'cache_dir', lambda: tmp_path / 'cache')
    for folder in ('JPEGImages', 'SegmentationClass', 'ImageSets/Segmentation'):
        (tmp_path / folder).mkdir(parents=True)
    for name, rows in MASKS.items():
        Image.fromarray(np.array(rows, dtype=np.uint8), mode='L').save(tmp_path / 'SegmentationClass' / f'{name}.png')
    (tmp_path / 'ImageSets/Segmentation/train.txt').write_text('\n'.join(MASKS) + '\n')
    return tmp_path


def base_cfg(root=None, batch_size=1) -> Config:
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='PackClsegInputs')]
    dataset = dict(type='VOCLayoutDataset', data_root=str(root), ann_file='ImageSets/Segmentation/train.txt',
                   pipeline=pipeline)
    return Config(dict(model=dict(decode_head=dict(num_classes=21)),
                       train_dataloader=dict(batch_size=batch_size, dataset=dataset),
                       test_dataloader=dict(dataset=dict(dataset)), test_evaluator=dict(type='ClsegIoUMetric'),
                       train_cfg=dict(max_iters=10), param_scheduler=[dict(type='PolyLR', end=10)]))


def configured(scenario, step, root=None, batch_size=1) -> Config:
    cfg = base_cfg(root, batch_size)
    cfg.merge_from_dict(scenario.configure(cfg, scenario.task(step)))
    return cfg


@pytest.mark.parametrize('mode', sorted(EXPECTED))
@pytest.mark.parametrize('step', [0, 1])
def test_image_filter_per_mode_and_step(voc_fixture, mode, step):
    cfg = configured(ClassIncremental(tasks=TASKS, mode=mode, num_classes=5), step, voc_fixture)
    dataset_cfg = dict(cfg.train_dataloader.dataset)
    dataset_cfg.pop('type')
    dataset_cfg.update(pipeline=[], lazy_init=False)
    kept = sorted(info['seg_map_path'].split('/')[-1][:-4] for info in VOCLayoutDataset(**dataset_cfg).load_data_list())
    assert kept == EXPECTED[mode][step]


def test_named_settings_give_the_published_steps():
    s = ClassIncremental(setting='15-5')
    assert s.num_tasks == 2 and s.task(0).classes == tuple(range(16)) and s.task(1).new_classes == (16, 17, 18, 19, 20)
    assert s.task(1).old_classes == tuple(range(16)) and s.task(1).supervision == 'image'
    assert ClassIncremental(setting='15-1').num_tasks == 6
    assert [len(ClassIncremental(setting='10-5-5').task(i).new_classes) for i in range(3)] == [11, 5, 5]
    assert ClassIncremental(setting='100-50', num_classes=151).task(1).new_classes == tuple(range(101, 151))


def run_pipeline_step(cfg_pipeline, name, label, image_labels):
    step = next(s for s in cfg_pipeline if s['type'] == name)
    results = dict(gt_seg_map=np.array(label, dtype=np.uint8), image_labels=image_labels)
    return TRANSFORMS.build(dict(step)).transform(results)


def test_training_maps_non_current_classes_to_background_and_hides_masks_after_step_0():
    s = ClassIncremental(tasks=TASKS, num_classes=5)
    step0, step1 = configured(s, 0), configured(s, 1)
    names0 = [t['type'] for t in step0.train_dataloader.dataset.pipeline]
    names1 = [t['type'] for t in step1.train_dataloader.dataset.pipeline]
    assert names0 == ['LoadImageFromFile', 'LoadAnnotations', 'RemapLabels', 'PackClsegInputs']
    assert names1 == ['LoadImageFromFile', 'LoadAnnotations', 'RemapLabels', 'DropPixelLabels', 'PackClsegInputs']
    out = run_pipeline_step(step1.train_dataloader.dataset.pipeline, 'RemapLabels', [[1, 2, 3, 4, 255]], [1, 2, 3])
    assert out['gt_seg_map'].tolist() == [[0, 0, 3, 4, 255]] and out['image_labels'] == [3]
    out = run_pipeline_step(step0.train_dataloader.dataset.pipeline, 'RemapLabels', [[1, 2, 3, 4, 255]], [1, 3])
    assert out['gt_seg_map'].tolist() == [[1, 2, 0, 0, 255]] and out['image_labels'] == [1]


def test_evaluation_keeps_seen_classes_and_maps_unseen_to_background():
    s = ClassIncremental(tasks=TASKS, num_classes=5)
    out = run_pipeline_step(configured(s, 0).test_dataloader.dataset.pipeline, 'RemapLabels', [[1, 2, 3, 4, 255]], [])
    assert out['gt_seg_map'].tolist() == [[1, 2, 0, 0, 255]]
    cfg = configured(s, 1)
    out = run_pipeline_step(cfg.test_dataloader.dataset.pipeline, 'RemapLabels', [[1, 2, 3, 4, 255]], [])
    assert out['gt_seg_map'].tolist() == [[1, 2, 3, 4, 255]]
    assert cfg.model.decode_head.num_classes == 5 and configured(s, 0).model.decode_head.num_classes == 3
    assert cfg.test_evaluator.type == 'IncrementalIoUMetric' and cfg.test_evaluator.old_classes == [0, 1, 2]


def test_pixel_supervision_keeps_masks_for_fine_tuning():
    cfg = configured(ClassIncremental(tasks=TASKS, num_classes=5, supervision='pixel'), 1)
    assert 'DropPixelLabels' not in [t['type'] for t in cfg.train_dataloader.dataset.pipeline]


def test_class_order_maps_classes_to_channels():
    s = ClassIncremental(setting='15-5', class_order=[0, *range(20, 0, -1)])
    assert s.task(1).new_classes == (1, 2, 3, 4, 5)
    cfg = configured(s, 1)
    out = run_pipeline_step(cfg.train_dataloader.dataset.pipeline, 'RemapLabels', [[20, 5, 1]], [1, 20])
    assert out['gt_seg_map'].tolist() == [[0, 16, 20]] and out['image_labels'] == [20]
    assert cfg.test_evaluator.class_order == [0, *range(20, 0, -1)]


def test_train_iters_set_each_steps_length_and_scheduler_end():
    cfg = configured(ClassIncremental(tasks=TASKS, num_classes=5, train_iters=[10, 4]), 1)
    assert cfg.train_cfg.max_iters == 4 and cfg.param_scheduler[0]['end'] == 4


def test_a_step_can_train_on_another_dataset(voc_fixture):
    other = dict(type='VOCLayoutDataset', data_root='elsewhere', ann_file='list.txt', label_map='voc_to_coco')
    scenario = ClassIncremental(tasks=TASKS, num_classes=5, train_datasets=[None, other])
    step0, step1 = configured(scenario, 0, voc_fixture), configured(scenario, 1, voc_fixture)
    assert step0.train_dataloader.dataset.data_root == str(voc_fixture)
    train = step1.train_dataloader.dataset
    assert (train.data_root, train.ann_file, train.label_map) == ('elsewhere', 'list.txt', 'voc_to_coco')
    assert train.class_filter == dict(any_of=[3, 4]) and '_delete_' not in train
    assert [t['type'] for t in train.pipeline][-3:] == ['RemapLabels', 'DropPixelLabels', 'PackClsegInputs']
    assert step1.test_dataloader.dataset.data_root == str(voc_fixture)  # evaluation stays on the config's


def test_train_epochs_count_each_steps_images_at_the_batch_size(voc_fixture):
    scenario = ClassIncremental(tasks=TASKS, num_classes=5, train_epochs=[2, 3])
    for step, images, iters in ((0, 3, 3), (1, 4, 6)):  # EXPECTED['overlap']: 3 then 4 images, batch 2
        cfg = configured(scenario, step, voc_fixture, batch_size=2)
        assert cfg.epoch_iters == images / 2 and cfg.train_cfg.max_iters == iters
        assert cfg.param_scheduler[0]['end'] == iters


@pytest.mark.parametrize('kwargs, match', [
    (dict(setting='15-5', mode='mixed'), "mode must be one of"),
    (dict(setting='15-5', tasks=[[0, 1], [2]]), 'exactly one of `setting`'),
    (dict(), 'exactly one of `setting`'),
    (dict(setting='15-5', class_order=[1, 0, *range(2, 21)]), 'class_order must be a permutation'),
    (dict(tasks=[[0, 1], [1, 2]]), 'disjoint class lists'),
    (dict(tasks=[[0, 1], [2, 30]]), 'outside num_classes'),
    (dict(setting='15-5', train_iters=[1]), 'train_iters has 1 entries'),
    (dict(setting='15-5', train_datasets=[None]), 'train_datasets has 1 entries'),
    (dict(setting='15-5', train_epochs=[30]), 'train_epochs has 1 entries'),
    (dict(setting='15-5', train_iters=[1, 1], train_epochs=[1, 1]), 'not both'),
    (dict(setting='15-5', supervision='boxes'), "supervision must be 'image' or 'pixel'"),
])
def test_bad_arguments_are_scenario_errors(kwargs, match):
    with pytest.raises(ScenarioError, match=match):
        ClassIncremental(**kwargs)


def test_unknown_setting_is_a_config_error():
    from platform_core.errors import ConfigError
    with pytest.raises(ConfigError, match='unknown incremental setting'):
        ClassIncremental(setting='15-7')
