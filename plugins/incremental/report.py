"""Per-step summaries of a class-incremental run: rows of old / new / all and forgetting."""
from typing import Optional

from platform_core.evaluation.iou import mean_of
from platform_core.evaluation.report import learning_order

from .metric import forgetting, incremental_markdown

__all__ = ['step_summaries', 'markdown']


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
