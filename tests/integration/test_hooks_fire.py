"""Every hook of the contract fires once per event, in the documented order, in a real run."""
import pytest

from platform_core import ContinualRunner
from platform_core.testing import fake_entry_points, tiny_config
from platform_core.testing import recorder

CONFIG = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


@pytest.mark.integration
def test_every_hook_fires_in_order(tiny_data, tmp_path, monkeypatch):
    fake_entry_points(monkeypatch, {'recorder': 'platform_core.testing.recorder'})
    recorder.CALLS.clear()
    cfg = tiny_config(CONFIG, data_root=tiny_data, work_dir=tmp_path, max_iters=2,
                      options={'plugins': ['joint', 'pspnet', 'recorder']})
    results = ContinualRunner(cfg).run()
    names = [name for name, _ in recorder.CALLS]
    assert names == ['clseg_configure_task', 'clseg_extra_losses', 'clseg_extra_losses', 'clseg_after_task',
                     'clseg_report']
    assert recorder.CALLS[0][1] == {'task': 0, 'run': True} and recorder.CALLS[1][1] == {'batch': 2}
    assert recorder.CALLS[3][1] == {'task': 0, 'mIoU': results[0]['metrics']['mIoU'], 'earlier': 0, 'task_dir': True}
    assert results[0]['plugins'] == {'recorder': {'seen_mIoU': results[0]['metrics']['mIoU']}}
    assert '## recorder' in (tmp_path / 'results.md').read_text()
