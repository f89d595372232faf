"""Hook implementations of the 'mib' method plugin: each step starts from, and distils, the previous one."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl
from platform_core.scenario import incremental_step_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('pixel',), types=('MiBSegmentor',),
                      summary='MiB (CVPR 2020): unbiased cross-entropy and distillation, new classes initialised '
                              'from the background (class-incremental, pixel labels)')


@hookimpl
def clseg_configure_task(cfg, task, layout) -> Optional[dict]:
    return incremental_step_overrides(cfg, task, layout, 'mib')
