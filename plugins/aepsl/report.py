"""The AE-PSL section of results.md: mask quality per round, assembled masks, and the PSL model."""
import os
from pathlib import Path
from typing import Optional

from platform_core.evaluation.plots import PERCENT, PLOTS_DIR, figure_link, lines
from platform_core.evaluation.report import markdown_table

__all__ = ['report_section']


def _row(what: str, stats: dict, where: str) -> list:
    return [what, where, *(stats.get(k) for k in ('mIoU', 'fg_recall', 'labelled'))]


def _union_name(stats: dict) -> str:
    """'CAM only (round 1)' / 'mined union, rounds 1-r', naming a round after the erasing stopped."""
    used = stats.get('rounds_used', stats['round'])
    name = 'CAM only (round 1)' if used == 1 else f'mined union, rounds 1-{used}'
    return name if used == stats['round'] else f"{name} (round {stats['round']}: erasing stopped)"


def report_section(results: list, work_dir: str = '.') -> Optional[str]:
    """Markdown table from the ``aepsl`` entries of results.json (None when the run has none); the rounds' grid
    as an image linked relative to ``work_dir`` (where results.md is)."""
    rounds = [r['plugins']['aepsl'] for r in results if (r.get('plugins') or {}).get('aepsl')]
    if not rounds:
        return None
    rows = []
    for stats in rounds:
        if 'mined' in stats:
            rows.append(_row(_union_name(stats), stats['mined'], 'train vs GT'))
    assembled = rounds[-1].get('assembled') or {}
    if 'mIoU' in assembled:
        rows.append(_row('assembled (ignore = miss)', assembled, 'train vs GT'))
        rows.append(_row('assembled, labelled pixels only', dict(mIoU=assembled['mIoU_labelled']), 'train vs GT'))
    final = results[-1].get('metrics') or {}
    if 'mIoU' in final:
        rows.append(_row('PSL segmentation model', dict(mIoU=final['mIoU']), 'val'))
    text = ['## AE-PSL', '', *markdown_table(['masks', 'measured on', 'mIoU', 'fg recall', 'labelled %'], rows)]
    plot = quality_plot(rounds, work_dir)
    if plot:
        text += ['', figure_link(plot, work_dir, 'mask quality per round')]
    if assembled.get('grid'):
        text += ['', f"Round-by-round grid: ![rounds]({os.path.relpath(assembled['grid'], work_dir)})"]
    return '\n'.join(text) + '\n'


def quality_plot(rounds: list, work_dir: str) -> Optional[Path]:
    """``plots/aepsl_rounds.png``: mIoU, foreground recall and precision of the mined union after each round
    (against the training ground truth) and of the assembled masks; None without ground-truth statistics."""
    points = [(f"round {r['round']}", r['mined']) for r in rounds if 'mined' in r]
    assembled = rounds[-1].get('assembled') or {}
    if 'mIoU' in assembled:
        points.append(('assembled', assembled))
    if len(points) < 2:
        return None
    series = {name: [stats.get(key) for _, stats in points]
              for name, key in (('mIoU', 'mIoU'), ('fg recall', 'fg_recall'), ('fg precision', 'fg_precision'))}
    return lines([label for label, _ in points], series, title='AE-PSL masks against the training ground truth',
                 ylabel='%', path=Path(work_dir) / PLOTS_DIR / 'aepsl_rounds.png', ylim=PERCENT)
