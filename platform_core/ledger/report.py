"""The ledger's outputs: ``ledger.json`` (everything ``run_ledger`` returned) and ``LEDGER.md`` (one table row
per claim, then the arms), both rendered from the ledger dict alone and written atomically."""
from pathlib import Path
from typing import Optional

from ..fileio import atomic_write_json, atomic_write_text

__all__ = ['LEDGER_MD', 'LEDGER_JSON', 'RULE', 'render_markdown', 'write_report']

LEDGER_MD = 'LEDGER.md'
LEDGER_JSON = 'ledger.json'
RULE = ("A claim holds when the mean difference is in the paper's direction and larger than twice its standard "
        'error; paired when both sides come from one arm, Welch otherwise.')


def write_report(ledger: dict, report_dir: Path) -> None:
    """Write ``ledger.json`` and ``LEDGER.md`` into ``report_dir``."""
    atomic_write_json(Path(report_dir) / LEDGER_JSON, ledger)
    atomic_write_text(Path(report_dir) / LEDGER_MD, render_markdown(ledger))


def render_markdown(ledger: dict) -> str:
    """LEDGER.md: title, command and wall time, the data and seeds, the rule, the claims table, the arms."""
    reused = sum(run['reused'] for arm in ledger['arms'].values() for run in arm['runs'])
    lines = ['# Claims ledger', '',
             f"`{ledger['command']}`: wall time {ledger['wall_seconds'] / 60:.1f} min"
             + (f' ({reused} runs kept from earlier invocations).' if reused else '.'), '',
             f"Data: {_data(ledger['data'])}. Training seeds: {', '.join(map(str, ledger['seeds']))}.", '',
             RULE + ' Per seed, d = lhs − scale × rhs + offset; n/a: fewer than two seeds.', '',
             '| claim | paper | lhs (arm: metric) | rhs (arm: metric) | difference ± se | holds |',
             '|---|---|---|---|---|---|']
    lines += [_claim_row(claim) for claim in ledger['claims']]
    lines += ['', *(f"- **{c['name']}**: {c['statement']}" + (f" {c['note']}" if c['note'] else '')
                    for c in ledger['claims'])]
    lines += ['', '## Arms', '', '| arm | config | train.py options | runs |', '|---|---|---|---|']
    lines += [_arm_row(name, arm) for name, arm in ledger['arms'].items()]
    return '\n'.join(lines) + '\n'


def _claim_row(claim: dict) -> str:
    rhs = _side(claim['rhs'])
    if claim['offset']:
        rhs += f", offset {claim['offset']:+.2f}"
    cells = [claim['name'], claim['paper'], _side(claim['lhs']), rhs, _difference(claim), _holds(claim)]
    return '| ' + ' | '.join(_cell(c) for c in cells) + ' |'


def _side(side: dict) -> str:
    value = 'n/a' if side['mean'] is None else f"{side['mean']:.2f} ± {side['std']:.2f}"
    text = f"{side['arm']}: {side['metric']} {value}"
    return text if side['scale'] == 1 else f"{side['scale']:g} × ({text})"


def _difference(claim: dict) -> str:
    diff: Optional[dict] = claim['difference']
    if diff is None:
        return '-'
    kind = 'paired' if claim['paired'] else 'Welch'
    if diff['se'] is None:
        return f"{diff['mean']:.2f} (one seed)"
    return f"{diff['mean']:.2f} ± {diff['se']:.2f} ({kind})"


def _holds(claim: dict) -> str:
    if claim['failures']:
        more = len(claim['failures']) - 1
        return claim['failures'][0] + (f' (+{more} more in {LEDGER_JSON})' if more else '')
    return {True: 'yes', False: 'no', None: 'n/a'}[claim['holds']]


def _arm_row(name: str, arm: dict) -> str:
    options = ' '.join([*arm['args'], *(['--cfg-options', *arm['options']] if arm['options'] else [])]) or '-'
    done = [run for run in arm['runs'] if run['ok']]
    runs = f"{len(done)}/{len(arm['runs'])} ok"
    if done:
        runs += f", {sum(run['seconds'] for run in done) / len(done) / 60:.1f} min each"
    return '| ' + ' | '.join(_cell(c) for c in (name, arm['config'], options, runs)) + ' |'


def _data(data: dict) -> str:
    details = ', '.join(f'{key} {value}' for key, value in data.items() if key != 'root')
    return f"`{data['root']}`" + (f' ({details})' if details else '')


def _cell(text: str) -> str:
    """Table cells: a '|' in a statement or an option would split the row."""
    return str(text).replace('|', '\\|').replace('\n', ' ')
