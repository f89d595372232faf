"""tools/list_plugins.py shows every installed plugin, and a broken one with its import error."""
from pathlib import Path

from platform_core.testing import fake_entry_points
from tests.tool_loader import load_tool

ROOT = Path(__file__).resolve().parents[2]


def test_lists_installed_plugins_with_kind_hooks_types_and_active(capsys):
    load_tool('list_plugins').main(['--config', str(ROOT / 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py')])
    out = capsys.readouterr().out
    joint = next(line for line in out.splitlines() if line.startswith('| joint '))
    assert '| scenario ' in joint and '| yes ' in joint and 'Joint' in joint and 'plugin_info' in joint


def test_broken_plugin_shows_its_import_error(monkeypatch, capsys):
    fake_entry_points(monkeypatch, {'broken': 'clseg_no_such_module_xyz'})
    load_tool('list_plugins').main([])
    broken = next(line for line in capsys.readouterr().out.splitlines() if line.startswith('| broken '))
    assert 'failed to import: ModuleNotFoundError' in broken and '| no ' in broken
