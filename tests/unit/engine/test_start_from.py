"""start_from: a run takes another run's first tasks (folders, checkpoints, results entries) when they were set
up as its own, and refuses anything else with one error naming the source run."""
import json
from pathlib import Path

import pytest
from mmengine.config import Config

from platform_core.engine.layout import RunLayout
from platform_core.engine.start_from import adopt_tasks, setup_digest, start_from_options
from platform_core.errors import ConfigError


def _source(root: Path, digests: list) -> Path:
    """A finished run in ``root`` with one task per digest: task_<t>/iter_2.pth, last_checkpoint, state.json."""
    completed = []
    for index, digest in enumerate(digests):
        task_dir = RunLayout(root).task_dir(index)
        task_dir.mkdir(parents=True)
        (task_dir / 'iter_2.pth').write_bytes(b'weights %d' % index)
        (task_dir / 'last_checkpoint').write_text(str(task_dir / 'iter_2.pth'))
        completed.append(dict(task=dict(index=index), metrics=dict(mIoU=50.0 + index),
                              checkpoint=str(task_dir / 'iter_2.pth'), plugins={}, setup_sha256=digest))
    (root / 'state.json').write_text(json.dumps(dict(version=1, num_tasks=3, scenario='X', completed=completed)))
    return root


def test_setup_digest_depends_on_values_not_key_order():
    assert setup_digest(dict(a=1, b=[2, 3])) == setup_digest(dict(b=[2, 3], a=1)) != setup_digest(dict(a=1, b=[3]))


def test_the_first_tasks_are_copied_with_their_checkpoints_and_entries(tmp_path):
    source = _source(tmp_path / 'src', ['d0', 'd1', 'd2'])
    layout = RunLayout(tmp_path / 'run')
    entries = adopt_tasks(source, layout, ['d0', 'd1'], [dict(index=0, name='own 0'), dict(index=1, name='own 1')])
    assert [e['metrics']['mIoU'] for e in entries] == [50.0, 51.0]
    assert [e['task']['name'] for e in entries] == ['own 0', 'own 1']  # this run's tasks, set up alike
    for index, entry in enumerate(entries):
        copied = layout.task_dir(index) / 'iter_2.pth'
        assert entry['checkpoint'] == str(copied.absolute()) == layout.latest_checkpoint(index)
        assert copied.read_bytes() == b'weights %d' % index and entry['copied_from'] == str(source.absolute())
    assert not layout.task_dir(2).exists()


def test_a_task_that_trained_nothing_is_copied_without_a_checkpoint(tmp_path):
    """AE-PSL's rounds after the erasing stopped train nothing: their entries have no checkpoint."""
    source = _source(tmp_path / 'src', ['d0', 'd1'])
    state = json.loads((source / 'state.json').read_text())
    state['completed'][1]['checkpoint'] = None
    (source / 'state.json').write_text(json.dumps(state))
    layout = RunLayout(tmp_path / 'run')
    entries = adopt_tasks(source, layout, ['d0', 'd1'], [dict(index=0), dict(index=1)])
    assert entries[0]['checkpoint'] == layout.latest_checkpoint(0) and entries[1]['checkpoint'] is None


@pytest.mark.parametrize('digests, message', [
    (['d0', 'other'], r'task 1 of .*src was not set up as this run\'s task 1'),
    (['d0'] * 4, r'src has finished 3 task\(s\), fewer than the 4 asked'),
])
def test_a_source_that_does_not_match_is_refused_and_nothing_is_copied(tmp_path, digests, message):
    source = _source(tmp_path / 'src', ['d0', 'd1', 'd2'])
    with pytest.raises(ConfigError, match=message):
        adopt_tasks(source, RunLayout(tmp_path / 'run'), digests, [{}] * len(digests))
    assert not (tmp_path / 'run').exists()


def test_a_source_without_a_run_or_its_checkpoints_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r'start_from.run = .*nothing: no state.json there'):
        adopt_tasks(tmp_path / 'nothing', RunLayout(tmp_path / 'run'), ['d0'], [{}])
    source = _source(tmp_path / 'src', ['d0'])
    (source / 'task_0' / 'iter_2.pth').unlink()
    with pytest.raises(ConfigError, match=r'lists checkpoints that are not there: .*iter_2.pth'):
        adopt_tasks(source, RunLayout(tmp_path / 'run'), ['d0'], [{}])


@pytest.mark.parametrize('start_from, message', [
    (dict(run='r', tasks=0), r'start_from.tasks = 0: this scenario has 3 task\(s\); take 1 to 2'),
    (dict(run='r', tasks=3), r'start_from.tasks = 3'),
    (dict(run='r', tasks=True), r'start_from.tasks = True'),
    (dict(tasks=1), r'expected dict\(run=FOLDER OF A FINISHED RUN, tasks=N\)'),
    (dict(run='r', task=1), r"unknown keys \['task'\]"),
])
def test_bad_start_from_options_are_config_errors(start_from, message):
    with pytest.raises(ConfigError, match=message):
        start_from_options(Config(dict(start_from=start_from)), 3)


def test_start_from_options_default_to_the_first_task():
    assert start_from_options(Config(dict(start_from=dict(run='r'))), 2) == (Path('r'), 1)
