"""clseg plugin 'fewshot': the few-shot scenario (folds, episodes, episodic data path and metric)."""
from . import data, dataset, hooks, metric, scenario  # noqa: F401  (register types)
from .plugin import clseg_plugin_info, clseg_report

__all__ = ['clseg_plugin_info', 'clseg_report']
