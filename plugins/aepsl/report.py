"""The AE-PSL section of results.md: mask quality per round, assembled masks, and the PSL model."""
from typing import Optional

__all__ = ['report_section']


def _row(what: str, stats: dict, where: str) -> str:
    cells = [f"{stats[k]:.2f}" if stats.get(k) is not None else '-' for k in ('mIoU', 'fg_recall', 'labelled')]
    return f"| {what} | {where} | {' | '.join(cells)} |"


def report_section(results: list) -> Optional[str]:
    """Markdown table from the ``aepsl`` entries of results.json (None when the run has none)."""
    rounds = [r['plugins']['aepsl'] for r in results if (r.get('plugins') or {}).get('aepsl')]
    if not rounds:
        return None
    lines = ['## AE-PSL', '', '| masks | measured on | mIoU | fg recall | labelled % |', '|---|---|---|---|---|']
    for stats in rounds:
        if 'mined' in stats:
            what = 'CAM only (round 1)' if stats['round'] == 1 else f"mined union, rounds 1-{stats['round']}"
            lines.append(_row(what, stats['mined'], 'train vs GT'))
    assembled = rounds[-1].get('assembled') or {}
    if 'mIoU' in assembled:
        lines.append(_row('assembled (ignore = miss)', assembled, 'train vs GT'))
        lines.append(_row('assembled, labelled pixels only', dict(mIoU=assembled['mIoU_labelled']), 'train vs GT'))
    final = results[-1].get('metrics') or {}
    if 'mIoU' in final:
        lines.append(_row('PSL segmentation model', dict(mIoU=final['mIoU']), 'val'))
    if assembled.get('grid'):
        lines += ['', f"Round-by-round grid: `{assembled['grid']}`"]
    return '\n'.join(lines) + '\n'
