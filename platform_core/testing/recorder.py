"""A plugin that records every hook call (in CALLS) and adds one tiny extra loss: the contract
tests use it to check that each hook fires, in order, with the documented arguments."""
import torch

from ..hookspecs import PluginInfo, hookimpl

CALLS: list[tuple[str, dict]] = []


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='other', summary='records hook calls (testing)')


@hookimpl
def clseg_configure_task(cfg, task, layout) -> dict:
    CALLS.append(('clseg_configure_task', dict(task=task.index, run=str(layout.root) == str(cfg.work_dir))))
    return {'recorder_task': task.index}


@hookimpl
def clseg_extra_losses(segmentor, inputs, data_samples) -> dict:
    CALLS.append(('clseg_extra_losses', dict(batch=int(inputs.shape[0]))))
    anchor = next(segmentor.parameters())
    return {'loss_recorder_zero': (anchor * 0).sum() + torch.tensor(0.0)}


@hookimpl
def clseg_after_task(task, metrics, task_dir, results, layout) -> dict:
    CALLS.append(('clseg_after_task', dict(task=task.index, mIoU=metrics.get('mIoU'), earlier=len(results),
                                           task_dir=str(task_dir) == str(layout.task_dir(task.index)))))
    return {'seen_mIoU': metrics.get('mIoU')}


@hookimpl
def clseg_report(results, work_dir) -> str:
    CALLS.append(('clseg_report', dict(num_results=len(results))))
    return '## recorder\n\nrecorded\n'
