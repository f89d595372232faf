"""Hook implementations of the 'aepsl' method plugin: erasing rounds and PSL as tasks of the run."""
from typing import Any, Optional

from platform_core.dist import barrier, is_main_process
from platform_core.hookspecs import PluginInfo, hookimpl

from .report import report_section
from .stages import after_round, task_overrides


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('image',),
                      types=('PSLSegmentor', 'CAMClassifier', 'EraseMinedRegions', 'LoadPseudoMask'),
                      summary='AE-PSL (CVPR 2017): adversarial erasing with CAMs + prohibitive segmentation learning')


@hookimpl
def clseg_configure_task(cfg: Any, task: Any, layout: Any) -> dict:
    return task_overrides(cfg, task.index, layout)


@hookimpl
def clseg_after_task(task: Any, layout: Any) -> Optional[dict]:
    if task.index >= task.get('num_stages', 1) - 1:
        return None  # the PSL task: its metrics are the run's own
    stats = after_round(task.index, layout, dict(task.get('saliency') or {})) if is_main_process() else None
    barrier()
    return stats


@hookimpl
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    return report_section(results, work_dir)
