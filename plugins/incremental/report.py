"""Per-step summaries of a class-incremental run: rows of old / new / all and forgetting, and their figures."""
from pathlib import Path
from typing import Optional

from platform_core.evaluation.iou import mean_of
from platform_core.evaluation.plots import PERCENT, PLOTS_DIR, bars, figure_link, lines
from platform_core.evaluation.report import learning_order

from .metric import forgetting, incremental_markdown

__all__ = ['step_summaries', 'markdown', 'figures']


def step_summaries(results: list) -> list[dict]:
    """One summary per step: name, old / new / all, per-class forgetting of old fg classes and its mean."""
    columns, first = learning_order(results)
    rows = [entry['metrics'].get('per_class_iou', {}) for entry in results]
    background = columns[0] if columns else None
    out = []
    for step, entry in enumerate(results):
        seen = {c: s for c, s in first.items() if s <= step and c != background}
        drop = forgetting(rows[:step + 1], seen)
        out.append(dict(name=entry['task']['name'], old=entry['metrics'].get('old'),
                        new=entry['metrics'].get('new'), all=entry['metrics'].get('all'),
                        per_class_iou=rows[step], forgetting_per_class=drop,
                        forgetting=mean_of(drop, list(drop)) if drop else None))
    return out


def markdown(results: list) -> Optional[str]:
    if not results:
        return None
    return incremental_markdown(step_summaries(results))


def figures(results: list, work_dir: str) -> list[str]:
    """``plots/old_new_all.png`` (mIoU per step) and, after a step with old classes, ``plots/forgetting.png``
    (each old class's IoU drop from its best so far, at the last step); their markdown links."""
    steps = step_summaries([entry for entry in results if entry['metrics']])
    if not steps:
        return []
    folder = Path(work_dir) / PLOTS_DIR
    names = [step['name'] for step in steps]
    links = [figure_link(lines(names, {k: [step[k] for step in steps] for k in ('old', 'new', 'all')},
                               title='old / new / all mIoU per step', ylabel='mIoU', ylim=PERCENT,
                               path=folder / 'old_new_all.png'), work_dir, 'old / new / all per step')]
    drop = steps[-1]['forgetting_per_class']
    if drop:
        path = bars(list(drop), list(drop.values()), title=f'forgetting per old class after {names[-1]}',
                    ylabel='IoU drop (points)', path=folder / 'forgetting.png')
        links.append(figure_link(path, work_dir, 'forgetting per class'))
    return links
