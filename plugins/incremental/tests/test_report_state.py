"""The incremental plugin's earlier steps come from the run state, not from results.json, which a kill between
the runner's two writes leaves one task behind (forgetting then came out 0.0 with a step missing)."""
import json

from plugins.incremental.report import load_previous


def test_earlier_steps_come_from_state_json_when_results_json_lags(tmp_path):
    step = lambda t: dict(task=dict(index=t), metrics=dict(mIoU=float(t)))  # noqa: E731
    (tmp_path / 'state.json').write_text(json.dumps(dict(version=1, num_tasks=3, scenario='Incremental',
                                                         completed=[step(0), step(1)])))
    (tmp_path / 'results.json').write_text(json.dumps([step(0)]))  # killed before this write
    assert load_previous(str(tmp_path / 'task_2')) == [step(0), step(1)]


def test_no_state_yet_is_no_earlier_step(tmp_path):
    assert load_previous(str(tmp_path / 'task_0')) == []
