"""The plugin contract as one check a plugin author runs in their own tests, and clseg's contract tests run
on every installed plugin::

    from platform_core.testing import check_plugin

    def test_my_plugin_honours_the_clseg_contract():
        check_plugin('mydistill')          # the entry-point name

The rules: the plugin imports and registers through its entry point; ``clseg_plugin_info`` returns a
``PluginInfo`` with a summary; every type it declares is registered; a method or baseline says which
supervision it learns from; its package folder has a ``README.md`` whose first line names the plugin.
"""
from importlib import import_module
from pathlib import Path

from ..errors import ClsegError
from ..hookspecs import PluginInfo
from .. import plugin_manager
from ..registry import is_registered

__all__ = ['plugin_problems', 'check_plugin']


def plugin_problems(name: str) -> list[str]:
    """Every way the installed plugin ``name`` breaks the contract (empty: none)."""
    try:
        info = plugin_manager.build_plugin_manager([name]).info()[name]
    except ClsegError as exc:
        return [f'it does not load: {exc}']
    if not isinstance(info, PluginInfo) or not info.summary:
        return ['clseg_plugin_info must return a PluginInfo with a summary']
    problems = [f'declared type {t!r} is not registered (register it when the plugin is imported)'
                for t in info.types if not is_registered(t)]
    if info.kind in ('method', 'baseline') and not info.supervision:
        problems.append(f"a {info.kind} plugin must say which supervision it learns from (PluginInfo.supervision)")
    return problems + _readme_problems(name)


def _readme_problems(name: str) -> list[str]:
    module = import_module(plugin_manager.installed_plugins()[name].value)
    readme = Path(module.__file__).parent / 'README.md'
    if not readme.is_file():
        return [f'its package folder has no README.md ({readme}); its first line names the plugin']
    first = (readme.read_text().splitlines() or [''])[0]
    return [] if name in first else [f'the first line of {readme} does not name the plugin: {first!r}']


def check_plugin(name: str) -> None:
    """Raise AssertionError listing every contract problem of the installed plugin ``name``."""
    if name not in plugin_manager.installed_plugins():
        raise AssertionError(f"no clseg plugin '{name}' is installed (entry point group clseg.plugins); "
                             f'installed: {sorted(plugin_manager.installed_plugins())}')
    problems = plugin_problems(name)
    assert not problems, f"plugin '{name}' breaks the clseg plugin contract:\n- " + '\n- '.join(problems)
