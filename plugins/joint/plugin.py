"""Hook implementations of the 'joint' scenario plugin."""
from platform_core.hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', summary='one task, all classes, pixel labels (joint upper bound)',
                      types=('Joint',))
