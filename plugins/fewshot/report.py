"""The few-shot section of results.md: the test classes' IoU, mean and spread over the test runs."""
from pathlib import Path
from typing import Optional

from platform_core.evaluation.plots import PERCENT, PLOTS_DIR, bars, figure_link

__all__ = ['per_class_figure']


def per_class_figure(results: list, work_dir: str) -> Optional[str]:
    """``plots/per_class_iou_runs.png``: each test class's IoU (mean over runs, error bar: std over runs) and
    its markdown section; None before the episodic test has run."""
    metrics = results[-1]['metrics'] if results else {}
    iou, spread = metrics.get('per_class_iou'), metrics.get('per_class_iou_std') or {}
    if not iou:
        return None
    title = (f"{results[-1]['task']['name']}: mIoU {metrics['mIoU']:.2f} ± {metrics['mIoU_std']:.2f} over "
             f"{metrics['runs']} runs of {metrics['episodes'] // max(metrics['runs'], 1)} episodes")
    path = bars(list(iou), list(iou.values()), errors=[spread.get(name) for name in iou], ylabel='IoU',
                title=title, ylim=PERCENT, path=Path(work_dir) / PLOTS_DIR / 'per_class_iou_runs.png')
    return '## Few-shot: IoU per test class over the runs\n\n' + figure_link(path, work_dir, 'IoU per class') + '\n'
