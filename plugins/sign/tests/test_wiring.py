"""The plugin hands the zero-shot task's classes, class names and embedding root to the model."""
from mmengine.config import Config

from platform_core.scenario import Task
from platform_core.models.zeroshot_wiring import zeroshot_model_overrides
from plugins.zeroshot.scenario import ZeroShot


def _cfg(**model) -> Config:
    dataset = dict(type='SynthVOCDataset', data_root='/data/synthvoc')
    return Config(dict(model=dict(type='SIGNSegmentor', **model), train_dataloader=dict(dataset=dataset),
                       train_cfg=dict(stages=[dict(name='encoder', iters=1)])))


def test_zero_shot_task_sets_classes_names_and_root():
    task = ZeroShot(num_classes=21, unseen=[16, 17, 18, 19, 20], dataset='synthvoc').task(0)
    overrides = zeroshot_model_overrides(_cfg(), task, 'sign')
    assert overrides['model.seen_classes'] == list(range(1, 16))
    assert overrides['model.unseen_classes'] == [16, 17, 18, 19, 20]
    assert overrides['model.data_root'] == '/data/synthvoc'
    assert overrides['model.class_names'][16] == 'checkered circle'  # from SynthVOCDataset.METAINFO


def test_class_names_in_the_config_win():
    task = ZeroShot(num_classes=21, unseen='spnet').task(0)
    assert 'model.class_names' not in zeroshot_model_overrides(_cfg(class_names=['a'] * 21), task, 'sign')


def test_other_scenarios_contribute_nothing():
    task = Task(index=0, name='joint', classes=(0, 1), new_classes=(0, 1))
    assert zeroshot_model_overrides(_cfg(), task, 'sign') is None
