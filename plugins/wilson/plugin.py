"""Hook implementations of the 'wilson' method plugin: per step, point the segmentor at the previous
step's checkpoint (student init + frozen teacher) and set WILSON's per-group learning rates."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl

from .schedule import step_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('pixel', 'image'), types=('WILSONSegmentor',),
                      summary='WILSON (CVPR 2022): class-incremental segmentation from image labels '
                              '(localizer, nGWP+focal, old-model distillation, PAMR self-training)')


@hookimpl
def clseg_configure_task(cfg, task, layout) -> Optional[dict]:
    return step_overrides(cfg, task, layout)
