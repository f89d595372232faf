"""Hook implementations of the 'zeroshot' scenario plugin."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl

from .report import seen_unseen_figure


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', summary='generalized zero-shot: seen-class pixel labels, seen+unseen '
                      'evaluation (SPNet/SIGN or ZS3 protocol)', types=('ZeroShot', 'GZSLMetric'))


@hookimpl
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    return seen_unseen_figure(results, work_dir)
