"""Hook implementations of the 'zs3' baseline plugin."""
from platform_core.hookspecs import PluginInfo, hookimpl
from platform_core.models.zeroshot_wiring import zeroshot_model_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='baseline', supervision=('pixel',), types=('ZS3Segmentor',),
                      summary='ZS3Net (NeurIPS 2019): GMMN feature generator + retrained classifier (GZSL baseline)')


@hookimpl
def clseg_configure_task(cfg, task):
    return zeroshot_model_overrides(cfg, task, 'zs3')
