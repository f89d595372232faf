"""Hook implementations of the 'incremental' scenario plugin: per-step old / new / all and forgetting, logged
after every step and reported in results.md."""
from typing import Optional

from mmengine.logging import print_log

from platform_core.hookspecs import PluginInfo, hookimpl

from .report import figures, markdown, step_summaries


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', types=('ClassIncremental', 'IncrementalIoUMetric'),
                      summary='class-incremental steps (15-5, 10-10, ...; overlap/disjoint/sequential), '
                              'image or pixel labels after step 0; old/new/all mIoU and forgetting')


@hookimpl
def clseg_after_task(task, metrics: dict, results: list) -> Optional[dict]:
    """Forgetting so far (``results``: the earlier steps' entries); the steps' table goes to the log."""
    results = [*results, dict(task=task.as_dict(), metrics=metrics)]
    text = markdown(results)
    if text:
        print_log('\n' + text, logger='current')
    last = step_summaries(results)[-1]
    return dict(forgetting=last['forgetting'], forgetting_per_class=last['forgetting_per_class'])


@hookimpl
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    text = markdown(results)
    return None if text is None else '\n'.join([text, *figures(results, work_dir)]) + '\n'

