"""Hook implementations of the 'fewshot' scenario plugin."""
from typing import Optional

from platform_core.hookspecs import PluginInfo, hookimpl

from .report import per_class_figure


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='scenario', summary='few-shot segmentation: PASCAL-5i / COCO-20i folds, N-way K-shot '
                      'episodes, R x E episodic test with pooled-IoU metrics',
                      types=('FewShot', 'EpisodicDataset', 'EpisodeDataPreProcessor', 'EpisodicIoUMetric',
                             'CheckTestEpisodesHook', 'EpisodeProgressHook'))


@hookimpl
def clseg_report(results: list, work_dir: str) -> Optional[str]:
    return per_class_figure(results, work_dir)
