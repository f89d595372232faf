"""The ledger's statistics on hand-computed numbers, and metric paths into results.json."""
import math

import pytest

from platform_core.errors import ConfigError
from platform_core.ledger import difference, resolve_metric, summarize


@pytest.mark.parametrize('values, mean, std', [
    ([50.0], 50.0, 0.0),  # one value: std 0, not nan
    ([50.0, 52.0, 48.0], 50.0, 2.0),  # deviations 0, 2, -2: (0 + 4 + 4) / 2 = 4
    ([49.0, 51.0, 50.0], 50.0, 1.0),  # (1 + 1 + 0) / 2 = 1
    ([1.0, 2.0, 3.0, 4.0], 2.5, math.sqrt(5 / 3)),  # (2.25 + 0.25 + 0.25 + 2.25) / 3
])
def test_summarize_is_mean_and_sample_std(values, mean, std):
    assert summarize(values) == pytest.approx((mean, std))


def test_summarize_of_nothing_is_an_error():
    with pytest.raises(ValueError, match='at least one value'):
        summarize([])


# lhs [60, 62, 64]: mean 62, var 4; rhs [50, 51, 52]: mean 51, var 1
@pytest.mark.parametrize('paired, scale, offset, mean, se', [
    (False, 1.0, 0.0, 11.0, math.sqrt(4 / 3 + 1 / 3)),  # Welch
    (True, 1.0, 0.0, 11.0, 1 / math.sqrt(3)),  # d = 10, 11, 12: std 1
    (False, 0.5, -20.0, 16.5, math.sqrt(4 / 3 + 0.25 / 3)),  # 62 - 25.5 - 20
    (True, 0.5, -20.0, 16.5, 1.5 / math.sqrt(3)),  # d = 15, 16.5, 18: std 1.5
])
def test_difference_mean_and_standard_error(paired, scale, offset, mean, se):
    result = difference([60.0, 62.0, 64.0], [50.0, 51.0, 52.0], paired=paired, scale=scale, offset=offset)
    assert result == pytest.approx(dict(mean=mean, se=se, holds=True))


@pytest.mark.parametrize('paired', [False, True])
def test_a_difference_within_noise_does_not_hold(paired):
    """lhs [50, 52, 48] vs rhs [49, 51, 50]: both means 50 (Welch se 1.29; paired d = 1, 1, -2, se 1)."""
    result = difference([50.0, 52.0, 48.0], [49.0, 51.0, 50.0], paired=paired)
    assert result['mean'] == 0.0 and result['holds'] is False
    assert result['se'] == pytest.approx(1.0 if paired else math.sqrt(5 / 3))


def test_a_difference_in_the_other_direction_does_not_hold():
    assert difference([50.0, 51.0, 52.0], [60.0, 62.0, 64.0], paired=False)['holds'] is False


def test_a_positive_difference_smaller_than_two_standard_errors_does_not_hold():
    result = difference([51.0, 53.0, 49.0], [49.0, 51.0, 50.0], paired=False)  # mean 1 < 2 * 1.29
    assert result['mean'] == pytest.approx(1.0) and result['holds'] is False


def test_an_exactly_zero_difference_never_holds_even_without_noise():
    """Identical runs: se 0 and mean 0, and 0 > 0 is false."""
    assert difference([50.0, 50.0], [50.0, 50.0], paired=True) == dict(mean=0.0, se=0.0, holds=False)


@pytest.mark.parametrize('lhs, rhs, paired', [
    ([60.0], [50.0], True), ([60.0], [50.0, 51.0], False), ([60.0, 61.0], [50.0], False)])
def test_fewer_than_two_seeds_is_no_verdict(lhs, rhs, paired):
    result = difference(lhs, rhs, paired=paired)
    assert result['holds'] is None and result['se'] is None and result['mean'] > 0


def test_paired_values_must_match_seed_for_seed():
    with pytest.raises(ValueError, match='as many lhs as rhs values, got 2 and 3'):
        difference([1.0, 2.0], [1.0, 2.0, 3.0], paired=True)


RESULTS = [
    dict(task=dict(index=0), metrics=dict(mIoU=40.0, aAcc=80.0), checkpoint='a.pth', plugins={}),
    dict(task=dict(index=1), metrics=dict(mIoU=30.5, old=25, per_class_iou={'plain circle': None}), checkpoint=None,
         plugins=dict(aepsl=dict(rounds=[dict(fg_recall=0.4), dict(fg_recall=0.5), dict(fg_recall=0.6)]))),
]


@pytest.mark.parametrize('path, value', [
    ('mIoU', 30.5),  # a bare key is a metric of the last task
    ('old', 25.0),  # ints become floats
    ('metrics.mIoU', 30.5),
    ('task[0].metrics.mIoU', 40.0),
    ('task[0].metrics.aAcc', 80.0),
    ('task[-1].metrics.mIoU', 30.5),
    ('task[-2].metrics.mIoU', 40.0),
    ('task[-1].plugins.aepsl.rounds.2.fg_recall', 0.6),
    ('plugins.aepsl.rounds.-3.fg_recall', 0.4),
])
def test_resolve_metric_paths(path, value):
    assert resolve_metric(RESULTS, path) == value and isinstance(resolve_metric(RESULTS, path), float)


@pytest.mark.parametrize('path, message', [
    ('mIoU_seen', r"metric 'mIoU_seen': no key 'mIoU_seen' at 'metrics'; keys there: \['mIoU', 'old', 'per_class"),
    ('task[0].metrics.hIoU', r"no key 'hIoU' at 'task\[0\]\.metrics'; keys there: \['aAcc', 'mIoU'\]"),
    ('task[0].plugins.aepsl.x', r"no key 'aepsl' at 'task\[0\]\.plugins'; keys there: \[\]"),
    ('task[2].metrics.mIoU', r"no task \[2\]; results.json has 2 task entries"),
    ('plugins.aepsl.rounds.3.fg_recall', r"'3' is not an index of the list at 'plugins\.aepsl\.rounds' \(3 items\)"),
    ('plugins.aepsl.rounds.last', r"'last' is not an index of the list"),
    ('task[1].metrics.mIoU.x', r"cannot look up 'x' at 'task\[1\]\.metrics\.mIoU', which is a float \(30\.5\)"),
    ('task[0].metrics', r"metric 'task\[0\]\.metrics' is a dict \(keys \['aAcc', 'mIoU'\]\), not a number"),
    ('metrics.per_class_iou.plain circle', r"is null, not a number"),
    ('checkpoint', r"no key 'checkpoint' at 'metrics'"),  # a bare key is always a metric
])
def test_resolve_metric_errors_name_the_path_the_missing_part_and_what_exists(path, message):
    with pytest.raises(ConfigError, match=message):
        resolve_metric(RESULTS, path)


def test_resolve_metric_of_empty_results_is_an_error():
    with pytest.raises(ConfigError, match="metric 'mIoU': results.json holds no task entries"):
        resolve_metric([], 'mIoU')
