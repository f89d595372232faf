"""Turn per-task results into the markdown of results.md: the summary table of scalar metrics and the one
per-task IoU matrix (classes in the order the tasks introduced them), with its figure. Every markdown table of
clseg goes through :func:`markdown_table`, every number through :func:`format_value`."""
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from .plots import PERCENT, PLOTS_DIR, bars, figure_link, heatmap

__all__ = ['format_value', 'markdown_table', 'learning_order', 'iou_matrix', 'summary_markdown', 'iou_figure',
           'prediction_figure']

# Scalar metrics shown in this order where a run has them (old / new / all as the papers print them).
GROUPS = ('old', 'new', 'all')


def format_value(value: Any) -> str:
    """A cell: '-' for None, integers as integers, other numbers with two decimals, anything else as text."""
    if value is None:
        return '-'
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f'{value:.2f}'
    return str(value)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """The lines of a markdown table; cells go through :func:`format_value`."""
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    return lines + ['| ' + ' | '.join(format_value(cell) for cell in row) + ' |' for row in rows]


def learning_order(results: list) -> tuple[list[str], dict[str, int]]:
    """The classes of the runs' per-class IoU in the order tasks introduced them (a task's ``new_classes``, where
    its per-class IoU lists every class id in order), then any others in first-seen order; and the task that
    introduced each."""
    columns, first = [], {}
    for index, entry in enumerate(results):
        names = list(entry['metrics'].get('per_class_iou', {}))
        ids = entry['task'].get('classes') or entry['task'].get('new_classes') or []
        if not ids or len(names) <= max(ids):
            continue  # a metric of some classes only (zero-shot, few-shot): no class id -> name here
        for c in entry['task'].get('new_classes', ()):
            if names[c] not in first:
                columns.append(names[c])
                first[names[c]] = index
    for entry in results:
        columns += [name for name in entry['metrics'].get('per_class_iou', {}) if name not in columns]
    return columns, first


def iou_matrix(results: list) -> tuple[list[str], list[list[Optional[float]]]]:
    """Rows = tasks, columns = classes (:func:`learning_order`): IoU after each task."""
    columns, _ = learning_order(results)
    rows = [[entry['metrics'].get('per_class_iou', {}).get(name) for name in columns] for entry in results]
    return columns, rows


def scalar_keys(results: list) -> list[str]:
    """The scalar metrics of the runs, first-seen order, with old / new / all in that order where they stand."""
    keys: list[str] = []
    for entry in results:
        keys += [k for k, v in entry['metrics'].items()
                 if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in keys]
    grouped = [k for k in GROUPS if k in keys]
    if not grouped:
        return keys
    at = min(keys.index(k) for k in grouped)
    rest = [k for k in keys if k not in grouped]
    return rest[:at] + grouped + rest[at:]


def summary_markdown(results: list) -> str:
    """A table of the scalar metrics per evaluated task, then the IoU matrix (tasks without an evaluation,
    such as AE-PSL's mining rounds, have no row)."""
    evaluated = [entry for entry in results if entry['metrics']]
    keys = scalar_keys(evaluated)
    lines = ['## Results per task', '', *markdown_table(
        ['task', *keys], ([entry['task']['name'], *(entry['metrics'].get(k) for k in keys)] for entry in evaluated))]
    columns, rows = iou_matrix(evaluated)
    if columns:
        lines += ['', '## IoU per class after each task (columns: classes in the order tasks introduced them)', '',
                  *markdown_table(['task', *columns],
                                  ([entry['task']['name'], *row] for entry, row in zip(evaluated, rows)))]
    return '\n'.join(lines) + '\n'


def iou_figure(results: list, work_dir: str) -> Optional[str]:
    """``plots/iou_matrix.png``: the IoU matrix as a heatmap (several evaluated tasks) or bars (one); returns
    its markdown link, None when no task has per-class IoU."""
    evaluated = [entry for entry in results if entry['metrics']]
    columns, rows = iou_matrix(evaluated)
    if not columns:
        return None
    path = Path(work_dir) / PLOTS_DIR / 'iou_matrix.png'
    names = [entry['task']['name'] for entry in evaluated]
    if len(evaluated) > 1:
        heatmap(rows, names, columns, title='IoU per class after each task', path=path)
    else:
        bars(columns, rows[0], title=f'IoU per class: {names[0]}', ylabel='IoU', path=path, ylim=PERCENT)
    return figure_link(path, work_dir, 'IoU per class after each task')


def prediction_figure(work_dir: str) -> Optional[str]:
    """The link to ``plots/predictions.png`` (the last task's test images, ``PredictionOverlayHook``) once drawn."""
    path = Path(work_dir) / PLOTS_DIR / 'predictions.png'
    return figure_link(path, work_dir, 'predictions of the last task') if path.is_file() else None
