"""results.md pieces: the IoU matrix and the summary markdown."""
import pytest

from platform_core.evaluation.report import format_value, iou_matrix, summary_markdown

RESULTS = [
    {'task': {'name': 'step 0'},
     'metrics': {'aAcc': 90.0, 'mIoU': 85.0, 'per_class_iou': {'background': 90.0, 'cat': 80.0}}},
    {'task': {'name': 'step 1'},
     'metrics': {'aAcc': 88.5, 'mIoU': 60.123, 'mAcc': 70,
                 'per_class_iou': {'background': 85.0, 'dog': None, 'cat': 70.0}}},
]


@pytest.mark.parametrize('value, expected', [(None, '-'), (0, '0.00'), (33.333, '33.33'), (100.0, '100.00')])
def test_format_value_two_decimals_dash_for_none(value, expected):
    assert format_value(value) == expected


def test_iou_matrix_columns_are_union_in_first_seen_order():
    columns, rows = iou_matrix(RESULTS)
    assert columns == ['background', 'cat', 'dog']
    assert rows == [[90.0, 80.0, None], [85.0, 70.0, None]]


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
        '| step 1 | 88.50 | 60.12 | 70.00 |\n'
        '\n'
        '## IoU per class after each task\n'
        '\n'
        '| task | background | cat | dog |\n'
        '|---|---|---|---|\n'
        '| step 0 | 90.00 | 80.00 | - |\n'
        '| step 1 | 85.00 | 70.00 | - |\n')


def test_summary_markdown_without_per_class_iou_has_no_matrix():
    results = [{'task': {'name': 'only'}, 'metrics': {'mIoU': 12.346, 'note': 'text', 'missing': None}}]
    assert summary_markdown(results) == ('## Results per task\n\n| task | mIoU |\n|---|---|\n'
                                         '| only | 12.35 |\n')
