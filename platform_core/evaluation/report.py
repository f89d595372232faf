"""Turn per-task results into the markdown of results.md (summary table and per-task IoU matrix)."""
from typing import Optional

__all__ = ['iou_matrix', 'summary_markdown', 'format_value']


def format_value(value: Optional[float]) -> str:
    return '-' if value is None else f'{value:.2f}'


def iou_matrix(results: list) -> tuple[list[str], list[list[Optional[float]]]]:
    """Rows = tasks, columns = classes (union over tasks, first-seen order): IoU after each task."""
    columns: list[str] = []
    for entry in results:
        for name in entry['metrics'].get('per_class_iou', {}):
            if name not in columns:
                columns.append(name)
    rows = [[entry['metrics'].get('per_class_iou', {}).get(name) for name in columns] for entry in results]
    return columns, rows


def summary_markdown(results: list) -> str:
    """A table of the scalar metrics per task, then the per-task IoU matrix."""
    scalar_keys = []
    for entry in results:
        for key, value in entry['metrics'].items():
            if isinstance(value, (int, float)) and key not in scalar_keys:
                scalar_keys.append(key)
    lines = ['## Results per task', '', '| task | ' + ' | '.join(scalar_keys) + ' |',
             '|---|' + '---|' * len(scalar_keys)]
    for entry in results:
        cells = [format_value(entry['metrics'].get(k)) for k in scalar_keys]
        lines.append(f"| {entry['task']['name']} | " + ' | '.join(cells) + ' |')
    columns, rows = iou_matrix(results)
    if columns:
        lines += ['', '## IoU per class after each task', '', '| task | ' + ' | '.join(columns) + ' |',
                  '|---|' + '---|' * len(columns)]
        for entry, row in zip(results, rows):
            lines.append(f"| {entry['task']['name']} | " + ' | '.join(format_value(v) for v in row) + ' |')
    return '\n'.join(lines) + '\n'
