"""Hook implementations of the 'incremental' scenario plugin: per-step old / new / all, forgetting and
results.md after every step."""
from pathlib import Path
from typing import Optional

from mmengine.logging import print_log

from platform_core.dist import is_main_process
from platform_core.evaluation.report import summary_markdown
from platform_core.fileio import atomic_write_text
from platform_core.hookspecs import PluginInfo, hookimpl

from .report import load_previous, markdown, step_summaries


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', types=('ClassIncremental', 'IncrementalIoUMetric'),
                      summary='class-incremental steps (15-5, 10-10, ...; overlap/disjoint/sequential), '
                              'image or pixel labels after step 0; old/new/all mIoU and forgetting')


@hookimpl
def clseg_after_task(task, metrics: dict, work_dir: str) -> Optional[dict]:
    """Forgetting so far; results.md of the steps so far, written (and printed) after every step."""
    results = load_previous(work_dir)[:task.index] + [dict(task=task.as_dict(), metrics=metrics)]
    text = markdown(results)
    if is_main_process() and text:
        atomic_write_text(Path(work_dir).parent / 'results.md', summary_markdown(results) + '\n' + text)
        print_log('\n' + text, logger='current')
    last = step_summaries(results)[-1]
    return dict(forgetting=last['forgetting'], forgetting_per_class=last['forgetting_per_class'])


@hookimpl
def clseg_report(results: list) -> Optional[str]:
    return markdown(results)
