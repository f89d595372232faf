"""FewShot scenario: folds, the single episodic task, and the config it writes."""
import pytest

from platform_core.errors import ConfigError, ScenarioError
from plugins.fewshot.scenario import FewShot, fold_classes


@pytest.mark.parametrize('fold, novel', [(0, (1, 2, 3, 4, 5)), (3, (16, 17, 18, 19, 20))])
def test_pascal_5i_folds(fold, novel):
    base, got = fold_classes('pascal-5i', fold)
    assert got == novel and len(base) == 15 and not set(base) & set(novel) and 0 not in base


def test_coco_20i_has_both_named_schemes():
    assert fold_classes('coco-20i', 1, 'consecutive')[1] == tuple(range(21, 41))
    assert fold_classes('coco-20i', 1, 'interleaved')[1] == tuple(range(2, 81, 4))
    assert len(fold_classes('coco-20i', 1)[0]) == 60
    with pytest.raises(ConfigError, match="scheme must be 'consecutive'"):
        fold_classes('coco-20i', 0, 'random')


def test_one_episodic_task_over_the_novel_classes():
    task = FewShot(fold=1, shots=5).task(0)
    assert task.supervision == 'episodes' and task.new_classes == (6, 7, 8, 9, 10)
    assert task.get('shots') == 5 and 6 not in task.get('base')


def test_configure_sets_base_classes_for_training_and_novel_runs_for_test():
    out = FewShot(fold=0, shots=5, test_runs=3, test_episodes=7, test_seed=10, test_split='val').configure({}, None)
    assert out['train_dataloader.dataset.classes'] == list(range(6, 21))
    assert out['train_dataloader.dataset.shots'] == out['test_dataloader.dataset.shots'] == 5
    assert out['test_dataloader.dataset.classes'] == out['test_evaluator.classes'] == [1, 2, 3, 4, 5]
    assert (out['test_dataloader.dataset.runs'], out['test_dataloader.dataset.episodes'],
            out['test_dataloader.dataset.seed']) == (3, 7, 10)
    assert out['test_dataloader.dataset.dataset.ann_file'] == 'ImageSets/Segmentation/val.txt'
    assert 'train_dataloader.dataset.dataset.class_filter' not in out  # PANet: relabel, keep images


def test_drop_mode_filters_training_images_showing_novel_classes():
    out = FewShot(fold=2, train_images='drop').configure({}, None)
    assert out['train_dataloader.dataset.dataset.class_filter'] == {'none_of': [11, 12, 13, 14, 15]}


@pytest.mark.parametrize('kwargs, match', [
    (dict(benchmark='ade-5i'), "benchmark 'ade-5i' is not one of"),
    (dict(train_images='keep'), "train_images 'keep' is not one of"),
    (dict(annotation='points'), "annotation 'points' is not one of"),
    (dict(ways=6), '6 ways but fold 0 has only 5 novel classes'),
])
def test_bad_options_are_scenario_errors(kwargs, match):
    with pytest.raises(ScenarioError, match=match):
        FewShot(**kwargs)


def test_fold_out_of_range_is_a_config_error():
    with pytest.raises(ConfigError, match='PASCAL-5i fold must be one of'):
        FewShot(fold=4)


def test_only_task_zero_exists():
    with pytest.raises(ScenarioError, match='one task'):
        FewShot().task(1)
