"""Every installed clseg plugin (entry point) honours the contract: the same check_plugin a plugin author runs,
and it passes the README's own plugin example and catches each broken rule."""
import re
import sys
from pathlib import Path

import pytest

from platform_core.plugin_manager import installed_plugins
from platform_core.testing import check_plugin, fake_entry_points, plugin_problems

PLUGINS = sorted(installed_plugins())
ROOT = Path(__file__).resolve().parents[2]


def test_first_party_plugins_are_installed():
    assert {'joint', 'pspnet'} <= set(PLUGINS)


@pytest.mark.parametrize('name', PLUGINS)
def test_plugin_honours_the_contract(name):
    check_plugin(name)
    module = installed_plugins()[name].value
    assert not module.startswith('plugins.') or module == f'plugins.{name}'


def _readme_example(root: Path) -> Path:
    """The package of README.md's 'Write a plugin' section, written from its own code blocks."""
    section = (ROOT / 'README.md').read_text().split('## Write a plugin', 1)[1].split('\n## ', 1)[0]
    package = root / 'mydistill'
    package.mkdir(parents=True)
    for block in re.findall(r'```\w*\n(.*?)```', section, flags=re.S):
        first, _, body = block.partition('\n')
        if first.startswith('# mydistill/'):
            (package / first[2:].split('/', 1)[1].strip()).write_text(body)
    return package


def test_the_readme_plugin_example_passes_the_contract(tmp_path, monkeypatch):
    package = _readme_example(tmp_path)
    assert {p.name for p in package.iterdir()} == {'__init__.py', 'README.md'}
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'mydistill': 'mydistill'})
    check_plugin('mydistill')
    sys.modules.pop('mydistill', None)


def test_a_broken_plugin_is_told_each_rule_it_breaks(tmp_path, monkeypatch):
    package = tmp_path / 'broken'
    package.mkdir()
    (package / '__init__.py').write_text(
        'from platform_core.hookspecs import PluginInfo, hookimpl\n\n\n@hookimpl\ndef clseg_plugin_info():\n'
        "    return PluginInfo(kind='method', summary='x', types=('NoSuchType',))\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'broken': 'broken'})
    problems = plugin_problems('broken')
    assert [p.split(' ')[0:3] for p in problems] == [['declared', 'type', "'NoSuchType'"], ['a', 'method', 'plugin'],
                                                     ['its', 'package', 'folder']]
    with pytest.raises(AssertionError, match="plugin 'broken' breaks the clseg plugin contract"):
        check_plugin('broken')
    with pytest.raises(AssertionError, match="no clseg plugin 'nope' is installed"):
        check_plugin('nope')
    sys.modules.pop('broken', None)
