"""Hook implementations of the 'plop' method plugin: each step starts from, and distils, the previous one; before
a step > 0 trains, its pseudo-label thresholds are computed (PLOPThresholdHook)."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl
from platform_core.scenario import incremental_step_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('pixel',), types=('PLOPSegmentor', 'PLOPThresholdHook'),
                      summary='PLOP (CVPR 2021): Local POD distillation and entropy-thresholded pseudo-labels of '
                              'the background (class-incremental, pixel labels)')


@hookimpl
def clseg_configure_task(cfg, task, layout) -> Optional[dict]:
    overrides = incremental_step_overrides(cfg, task, layout, 'plop')
    if overrides is not None:
        overrides['custom_hooks'] = [*(cfg.get('custom_hooks') or []), dict(type='PLOPThresholdHook')]
    return overrides
