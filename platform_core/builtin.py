"""The essential built-in plugin 'core': always active, it writes the per-task summary of results.md."""
from .evaluation.report import summary_markdown
from .hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='core', summary='results.md summary table and per-task IoU matrix')


@hookimpl
def clseg_report(results: list) -> str:
    return summary_markdown(results)
