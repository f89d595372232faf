"""The zero-shot section of results.md: seen and unseen classes' IoU side by side."""
from pathlib import Path
from typing import Optional

from platform_core.evaluation.plots import PERCENT, PLOTS_DIR, bars, figure_link

__all__ = ['seen_unseen_figure']


def seen_unseen_figure(results: list, work_dir: str) -> Optional[str]:
    """``plots/seen_unseen_iou.png``: each evaluated class's IoU, seen and unseen in two colours, with the
    seen / unseen / harmonic means in the title; its markdown section (None without a GZSL evaluation)."""
    metrics = results[-1]['metrics'] if results else {}
    iou, unseen = metrics.get('per_class_iou'), set(metrics.get('unseen_class_names') or ())
    if not iou or not unseen:
        return None
    means = ', '.join(f'{k} {metrics[k]:.2f}' for k in ('mIoU_seen', 'mIoU_unseen', 'hIoU')
                      if metrics.get(k) is not None)
    path = bars(list(iou), list(iou.values()), groups=['unseen' if n in unseen else 'seen' for n in iou],
                title=f"{results[-1]['task']['name']}: {means}", ylabel='IoU', ylim=PERCENT,
                path=Path(work_dir) / PLOTS_DIR / 'seen_unseen_iou.png')
    return '## Zero-shot: IoU of seen and unseen classes\n\n' + figure_link(path, work_dir, 'seen / unseen IoU') + '\n'
