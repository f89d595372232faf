"""Hook implementations of the 'zeroshot' scenario plugin."""
from platform_core.hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', summary='generalized zero-shot: seen-class pixel labels, seen+unseen '
                      'evaluation (SPNet/SIGN or ZS3 protocol)', types=('ZeroShot', 'GZSLMetric'))
