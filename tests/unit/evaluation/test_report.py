"""results.md pieces: the IoU matrix and the summary markdown."""
import pytest

from platform_core.evaluation.report import format_value, iou_matrix, markdown_table, scalar_keys, summary_markdown

RESULTS = [
    {'task': {'name': 'step 0'},
     'metrics': {'aAcc': 90.0, 'mIoU': 85.0, 'per_class_iou': {'background': 90.0, 'cat': 80.0}}},
    {'task': {'name': 'step 1'},
     'metrics': {'aAcc': 88.5, 'mIoU': 60.123, 'mAcc': 70,
                 'per_class_iou': {'background': 85.0, 'dog': None, 'cat': 70.0}}},
]


@pytest.mark.parametrize('value, expected', [(None, '-'), (0.0, '0.00'), (33.333, '33.33'), (100.0, '100.00'),
                                             (2, '2'), (400, '400'), (True, 'True'), ('text', 'text')])
def test_format_value_two_decimals_integers_as_integers_dash_for_none(value, expected):
    assert format_value(value) == expected


def test_markdown_table_formats_every_cell():
    assert markdown_table(['run', 'mIoU', 'runs'], [['a', 12.345, 2], ['b', None, 400]]) == [
        '| run | mIoU | runs |', '|---|---|---|', '| a | 12.35 | 2 |', '| b | - | 400 |']


def test_old_new_all_stand_in_that_order_where_the_first_of_them_stood():
    results = [{'metrics': {'aAcc': 1.0, 'new': 1.0, 'all': 1.0, 'old': None, 'mIoU': 1.0}},
               {'metrics': {'old': 2.0, 'forgetting': 3.0}}]
    assert scalar_keys(results) == ['aAcc', 'old', 'new', 'all', 'mIoU', 'forgetting']


def test_iou_matrix_columns_are_union_in_first_seen_order():
    columns, rows = iou_matrix(RESULTS)
    assert columns == ['background', 'cat', 'dog']
    assert rows == [[90.0, 80.0, None], [85.0, 70.0, None]]


def test_iou_matrix_columns_follow_the_order_tasks_introduced_the_classes():
    """Class ids 0..3 = bg, a, b, c; step 0 learns bg and c, step 1 a, b never: c comes before a, b last."""
    iou = {'bg': 90.0, 'a': None, 'b': None, 'c': 50.0}
    results = [{'task': {'classes': [0, 3], 'new_classes': [0, 3]}, 'metrics': {'per_class_iou': iou}},
               {'task': {'classes': [0, 1, 3], 'new_classes': [1]}, 'metrics': {'per_class_iou': dict(iou, a=10.0)}}]
    assert iou_matrix(results) == (['bg', 'c', 'a', 'b'], [[90.0, 50.0, None, None], [90.0, 50.0, 10.0, None]])


def test_a_metric_of_some_classes_only_keeps_its_own_order():
    """Zero-shot reports seen then unseen classes (ids 1..3, no background): no id indexes its names."""
    results = [{'task': {'classes': [1, 2, 3], 'new_classes': [1, 3]}, 'metrics': {'per_class_iou': {'a': 1.0, 'c': 3.0,
                                                                                                    'b': 2.0}}}]
    assert iou_matrix(results) == (['a', 'c', 'b'], [[1.0, 3.0, 2.0]])


def test_iou_matrix_fills_none_for_classes_a_task_did_not_report():
    results = [{'task': {'name': 'a'}, 'metrics': {'per_class_iou': {'x': 1.0}}},
               {'task': {'name': 'b'}, 'metrics': {'per_class_iou': {'y': 2.0, 'x': 3.0}}},
               {'task': {'name': 'c'}, 'metrics': {}}]  # a task without evaluation
    assert iou_matrix(results) == (['x', 'y'], [[1.0, None], [3.0, 2.0], [None, None]])


def test_iou_matrix_empty():
    assert iou_matrix([]) == ([], [])


def test_summary_markdown_rows():
    """Scalar metrics become columns in first-seen order ('-' where missing), then the IoU matrix."""
    assert summary_markdown(RESULTS) == (
        '## Results per task\n'
        '\n'
        '| task | aAcc | mIoU | mAcc |\n'
        '|---|---|---|---|\n'
        '| step 0 | 90.00 | 85.00 | - |\n'
        '| step 1 | 88.50 | 60.12 | 70 |\n'
        '\n'
        '## IoU per class after each task (columns: classes in the order tasks introduced them)\n'
        '\n'
        '| task | background | cat | dog |\n'
        '|---|---|---|---|\n'
        '| step 0 | 90.00 | 80.00 | - |\n'
        '| step 1 | 85.00 | 70.00 | - |\n')


def test_tasks_without_an_evaluation_have_no_row():
    results = [{'task': {'name': 'mining round 1'}, 'metrics': {}}, {'task': {'name': 'seg'}, 'metrics': {'mIoU': 1.0}}]
    assert summary_markdown(results) == '## Results per task\n\n| task | mIoU |\n|---|---|\n| seg | 1.00 |\n'


def test_summary_markdown_without_per_class_iou_has_no_matrix():
    results = [{'task': {'name': 'only'}, 'metrics': {'mIoU': 12.346, 'note': 'text', 'missing': None}}]
    assert summary_markdown(results) == ('## Results per task\n\n| task | mIoU |\n|---|---|\n'
                                         '| only | 12.35 |\n')
