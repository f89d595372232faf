"""Build the pluggy plugin manager of a run: hookspecs, essential plugins, the config's entry points; call
hooks through pluggy and keep each result with the plugin that returned it."""
import functools
import types
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Callable, Iterable, Sequence

import pluggy

from . import hookspecs
from .errors import ClsegError, ConfigError, PluginError
from .hookspecs import PLUGIN_KINDS, SUPERVISION_KINDS, PluginInfo
from .registry import config_type_names, is_registered

__all__ = ['ENTRY_POINT_GROUP', 'ESSENTIAL_PLUGINS', 'ClsegPluginManager', 'Contribution', 'installed_plugins',
           'build_plugin_manager', 'check_config_types', 'collect_by_plugin', 'supervision_check']

ENTRY_POINT_GROUP = 'clseg.plugins'
# Core behaviour ships as plugins that are always active (pytest's default_plugins).
ESSENTIAL_PLUGINS = {'core': 'platform_core.builtin'}


@dataclass(frozen=True)
class Contribution:
    """One implementation's result of a hook call, with the name of the plugin that returned it (what a
    wrapper hookimpl receives from ``yield``, as a list)."""
    plugin: str
    value: Any


def _tagged(function: Callable, plugin: str, hook: str) -> Callable:
    """``function`` returning a :class:`Contribution` (None stays None); an exception that is not a ClsegError
    becomes a PluginError naming the plugin and the hook."""
    @functools.wraps(function)  # pluggy reads the argument names through __wrapped__
    def call(*args: Any) -> Any:
        try:
            result = function(*args)
        except ClsegError:
            raise  # already names what is wrong and what to do
        except Exception as exc:
            raise PluginError(f"plugin '{plugin}' failed in {hook}: {type(exc).__name__}: {exc}. "
                              'Rerun with --debug for the traceback.') from exc
        return None if result is None else Contribution(plugin, result)
    return call


class ClsegPluginManager(pluggy.PluginManager):
    """A pluggy manager that knows which plugins the config asked for and what each one is. Hooks are called
    the pluggy way (``tryfirst``/``trylast``, wrappers); :func:`collect_by_plugin` keeps each result's plugin."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.requested: tuple[str, ...] = ()

    def register(self, plugin: Any, name: Any = None) -> Any:
        """Register a namespace holding ``plugin``'s hook implementations, each tagged with ``name`` (wrapper
        hookimpls as they are: they wrap the tagged calls)."""
        name = name or self.get_canonical_name(plugin)
        tagged = types.SimpleNamespace(__name__=name)
        for attr in dir(plugin):
            opts = self.parse_hookimpl_opts(plugin, attr)  # pluggy's own discovery
            if opts is not None:
                function = getattr(plugin, attr)
                wrapper = opts.get('wrapper') or opts.get('hookwrapper')
                setattr(tagged, attr, function if wrapper else _tagged(function, name, attr))
        return super().register(tagged, name=name)

    def info(self) -> dict[str, PluginInfo]:
        """``{plugin name: PluginInfo}`` for every registered plugin, validated."""
        infos = collect_by_plugin(self, 'clseg_plugin_info')
        for name in self.plugin_names():
            info = infos.get(name)
            if not isinstance(info, PluginInfo):
                raise PluginError(f"plugin '{name}': hook clseg_plugin_info must return a PluginInfo, "
                                  f'got {info!r}. Implement it with @hookimpl and return PluginInfo(kind=...).')
            if info.kind not in PLUGIN_KINDS:
                raise PluginError(f"plugin '{name}': kind {info.kind!r} is not one of {PLUGIN_KINDS}.")
            bad = set(info.supervision) - set(SUPERVISION_KINDS)
            if bad:
                raise PluginError(f"plugin '{name}': supervision {sorted(bad)} not in {SUPERVISION_KINDS}.")
        return infos

    def plugin_names(self) -> list[str]:
        return [name for name, _ in self.list_name_plugin()]


def installed_plugins() -> dict[str, EntryPoint]:
    """Every entry point in the ``clseg.plugins`` group, by name."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_entry_point(ep: EntryPoint) -> Any:
    """Import a plugin; an import failure names the plugin, its package and the exception."""
    try:
        return ep.load()
    except Exception as exc:  # any import-time failure of third-party code
        package = ep.dist.name if ep.dist is not None else '?'
        raise PluginError(f"plugin '{ep.name}' (module {ep.value}, package {package}) failed to import: "
                          f'{type(exc).__name__}: {exc}. Fix or reinstall that package, or remove '
                          f"'{ep.name}' from `plugins` in the config.") from exc


def build_plugin_manager(plugins: Sequence[str]) -> ClsegPluginManager:
    """Register the essential plugins and the requested entry points; validate them all."""
    plugins = list(plugins)
    installed = installed_plugins()
    unknown = [name for name in plugins if name not in installed]
    if unknown:
        raise PluginError(f'unknown plugin(s) {unknown} in `plugins`. Installed: {sorted(installed)}. '
                          'Install the package that provides it (pip install -e path/to/package) '
                          'or fix the name in the config.')
    if len(set(plugins)) != len(plugins):
        raise ConfigError(f'`plugins` lists a plugin twice: {plugins}.')
    pm = ClsegPluginManager()
    pm.requested = tuple(plugins)
    for name, module in ESSENTIAL_PLUGINS.items():
        pm.register(__import__(module, fromlist=['_']), name=name)
    for name in plugins:
        _register(pm, name, load_entry_point(installed[name]))
    pm.info()
    return pm


def _register(pm: ClsegPluginManager, name: str, plugin: Any) -> None:
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        detail = '; '.join(line.strip() for line in str(exc).splitlines() if line.strip())
        raise PluginError(f"plugin '{name}' breaks the hook contract: {detail}. See "
                          'platform_core/hookspecs.py for the hooks and their arguments.') from exc


def check_config_types(cfg: Any, pm: ClsegPluginManager) -> None:
    """Raise one ``ConfigError`` listing every ``type=`` name in ``cfg`` that no registry knows, or that an
    installed plugin the config does not list in ``plugins`` provides (registered, since every clseg config
    imports every plugin, but its hooks would not run)."""
    names = {(name, path) for path, name in config_type_names(dict(cfg))}
    inactive = sorted(set(installed_plugins()) - set(pm.requested))
    providers = inactive_providers(inactive)
    unlisted = sorted(f"'{name}' (at {path}) comes from plugin '{providers[name]}'" for name, path in names
                      if name in providers)
    if unlisted:
        raise ConfigError(f"{'; '.join(unlisted)}, which the config does not list in `plugins` "
                          f'{list(pm.requested)}: add it there (its hooks run only when it is listed).')
    unknown = sorted((name, path) for name, path in names if not is_registered(name))
    if not unknown:
        return
    listed = '; '.join(f"'{name}' (at {path})" for name, path in unknown)
    raise ConfigError(f'{listed}: not registered. Active plugins: {list(pm.requested)}. '
                      f'Installed, not active: {inactive}. Add the plugin that provides it to `plugins`, '
                      'or fix the spelling.')


def inactive_providers(plugins: Iterable[str]) -> dict[str, str]:
    """``{type name: plugin}`` for the types the installed ``plugins`` declare (``PluginInfo.types``); a plugin
    that does not load declares nothing here (using it fails with its own error)."""
    declared: dict[str, str] = {}
    for name in plugins:
        try:
            info = build_plugin_manager([name]).info()[name]
        except ClsegError:
            continue
        declared.update((t, name) for t in info.types)
    return declared


def collect_by_plugin(pm: ClsegPluginManager, hook: str, **kwargs: Any) -> dict[str, Any]:
    """Call ``hook`` through pluggy and return ``{plugin name: result}`` in plugin registration order (None
    dropped), whatever order pluggy called the implementations in."""
    results = getattr(pm.hook, hook)(**kwargs)
    stray = [r for r in results if not isinstance(r, Contribution)]
    if stray:
        raise PluginError(f'{hook}: a wrapper hookimpl replaced the results with {stray!r}; a wrapper must return '
                          'the list of Contribution it received (it may drop or reorder entries).')
    order = {name: index for index, name in enumerate(pm.plugin_names())}
    return {r.plugin: r.value for r in sorted(results, key=lambda r: order[r.plugin])}


def supervision_check(pm: ClsegPluginManager, kinds: Iterable[str]) -> None:
    """Refuse a scenario whose tasks need a supervision kind an active method cannot learn from."""
    kinds = set(kinds)
    for name, info in pm.info().items():
        if info.kind in ('method', 'baseline') and not kinds <= set(info.supervision):
            raise ConfigError(f"method plugin '{name}' learns from {list(info.supervision)} supervision, "
                              f'but the scenario gives {sorted(kinds)}. Pick a scenario that fits the '
                              'method, or another method.')
