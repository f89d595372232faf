"""The essential built-in plugin 'core': always active, it writes the per-task summary of results.md."""
from .evaluation.report import iou_figure, prediction_figure, summary_markdown
from .hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='core', summary='results.md summary table and per-task IoU matrix (table and figure)')


@hookimpl
def clseg_report(results: list, work_dir: str) -> str:
    figures = [iou_figure(results, work_dir), prediction_figure(work_dir)]
    return summary_markdown(results) + ''.join(f'\n{figure}\n' for figure in figures if figure)
