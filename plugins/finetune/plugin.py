"""Hook implementations of the 'finetune' baseline plugin: each step starts from the previous one."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl
from platform_core.scenario import previous_step_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='baseline', supervision=('pixel',), types=('FinetuneSegmentor',),
                      summary='fine-tuning on each step with pixel labels and plain CE (forgets old classes)')


@hookimpl
def clseg_configure_task(cfg, task, layout) -> Optional[dict]:
    return previous_step_overrides(cfg, task, layout)
