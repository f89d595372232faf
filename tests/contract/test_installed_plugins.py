"""Every installed clseg plugin (entry point) honours the contract."""
from importlib import import_module
from pathlib import Path

import pytest

from platform_core.hookspecs import PluginInfo
from platform_core.plugin_manager import build_plugin_manager, installed_plugins
from platform_core.registry import is_registered

PLUGINS = sorted(installed_plugins())


def test_first_party_plugins_are_installed():
    assert {'joint', 'pspnet'} <= set(PLUGINS)


@pytest.mark.parametrize('name', PLUGINS)
def test_plugin_loads_and_validates(name):
    pm = build_plugin_manager([name])
    info = pm.info()[name]
    assert isinstance(info, PluginInfo) and info.summary


@pytest.mark.parametrize('name', PLUGINS)
def test_declared_types_are_registered(name):
    info = build_plugin_manager([name]).info()[name]
    missing = [t for t in info.types if not is_registered(t)]
    assert not missing, f'plugin {name} declares unregistered types {missing}'


@pytest.mark.parametrize('name', PLUGINS)
def test_method_plugins_declare_supervision(name):
    info = build_plugin_manager([name]).info()[name]
    if info.kind in ('method', 'baseline'):
        assert info.supervision, f'method plugin {name} must say which supervision it learns from'


@pytest.mark.parametrize('name', PLUGINS)
def test_name_agrees_in_entry_point_package_and_readme(name):
    ep = installed_plugins()[name]
    module = import_module(ep.value)
    package_dir = Path(module.__file__).parent
    if ep.value.startswith('plugins.'):
        assert ep.value == f'plugins.{name}' and package_dir.name == name
    readme = package_dir / 'README.md'
    assert readme.is_file(), f'plugin {name} has no README.md'
    assert name in readme.read_text().splitlines()[0]
