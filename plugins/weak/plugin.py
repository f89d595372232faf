"""Hook implementations of the 'weak' scenario plugin."""
from platform_core.hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', types=('Weak',),
                      summary='weakly supervised: image labels + saliency to train, pixel labels to evaluate')
