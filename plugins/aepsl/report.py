"""The AE-PSL section of results.md: mask quality per round, assembled masks, and the PSL model."""
import os
from typing import Optional

from platform_core.evaluation.report import markdown_table

__all__ = ['report_section']


def _row(what: str, stats: dict, where: str) -> list:
    return [what, where, *(stats.get(k) for k in ('mIoU', 'fg_recall', 'labelled'))]


def report_section(results: list, work_dir: str = '.') -> Optional[str]:
    """Markdown table from the ``aepsl`` entries of results.json (None when the run has none); the rounds' grid
    as an image linked relative to ``work_dir`` (where results.md is)."""
    rounds = [r['plugins']['aepsl'] for r in results if (r.get('plugins') or {}).get('aepsl')]
    if not rounds:
        return None
    rows = []
    for stats in rounds:
        if 'mined' in stats:
            what = 'CAM only (round 1)' if stats['round'] == 1 else f"mined union, rounds 1-{stats['round']}"
            rows.append(_row(what, stats['mined'], 'train vs GT'))
    assembled = rounds[-1].get('assembled') or {}
    if 'mIoU' in assembled:
        rows.append(_row('assembled (ignore = miss)', assembled, 'train vs GT'))
        rows.append(_row('assembled, labelled pixels only', dict(mIoU=assembled['mIoU_labelled']), 'train vs GT'))
    final = results[-1].get('metrics') or {}
    if 'mIoU' in final:
        rows.append(_row('PSL segmentation model', dict(mIoU=final['mIoU']), 'val'))
    lines = ['## AE-PSL', '', *markdown_table(['masks', 'measured on', 'mIoU', 'fg recall', 'labelled %'], rows)]
    if assembled.get('grid'):
        lines += ['', f"Round-by-round grid: ![rounds]({os.path.relpath(assembled['grid'], work_dir)})"]
    return '\n'.join(lines) + '\n'
