"""Hook implementations of the 'sign' method plugin."""
from platform_core.hookspecs import PluginInfo, hookimpl

from platform_core.models.zeroshot_wiring import zeroshot_model_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('pixel',), types=('SIGNSegmentor',),
                      summary='SIGN (ICCV 2021): generative GZSL segmentation with SIM, latent code, LSGAN, AST')


@hookimpl
def clseg_configure_task(cfg, task):
    return zeroshot_model_overrides(cfg, task, 'sign')
