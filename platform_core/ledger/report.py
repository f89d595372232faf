"""The ledger's outputs: ``ledger.json`` (everything ``run_ledger`` returned) and ``LEDGER.md`` (one table row
per claim, then the arms), both rendered from the ledger dict alone and written atomically; and the merge of a
re-measured subset of claims into an earlier ledger."""
from pathlib import Path
from typing import Optional

from ..errors import ConfigError
from ..evaluation.report import markdown_table
from ..fileio import atomic_write_json, atomic_write_text

__all__ = ['LEDGER_MD', 'LEDGER_JSON', 'RULE', 'render_markdown', 'write_report', 'merge_ledgers']

LEDGER_MD = 'LEDGER.md'
LEDGER_JSON = 'ledger.json'
RULE = ("A claim holds when the mean difference is in the paper's direction and larger than twice its standard "
        'error; paired when both sides come from one arm, Welch otherwise.')


def write_report(ledger: dict, report_dir: Path) -> None:
    """Write ``ledger.json`` and ``LEDGER.md`` into ``report_dir``."""
    atomic_write_json(Path(report_dir) / LEDGER_JSON, ledger)
    atomic_write_text(Path(report_dir) / LEDGER_MD, render_markdown(ledger))


def invocations(ledger: dict) -> list:
    """Each invocation that measured part of ``ledger``: command, wall seconds, runs kept from earlier
    invocations of the same command, the claims it judged (None: all of them)."""
    if 'invocations' in ledger:
        return ledger['invocations']
    reused = sum(run['reused'] for arm in ledger['arms'].values() for run in arm['runs'])
    return [dict(command=ledger['command'], wall_seconds=ledger['wall_seconds'], reused=reused, claims=None)]


def merge_ledgers(earlier: dict, later: dict) -> dict:
    """``earlier`` with the claims and arms that ``later`` re-measured replaced by ``later``'s (the others kept,
    in their order; new ones appended), and ``later``'s invocation added to the list. Both must be on the same
    data (its seed, size and counts; the folder may differ) and training seeds."""
    for key, old, new in (('data', _data_identity(earlier), _data_identity(later)),
                          ('training seeds', earlier['seeds'], later['seeds'])):
        if old != new:
            raise ConfigError(f'--merge: the earlier ledger has {key} {old!r}, this run {new!r}; results on other '
                              'data or seeds cannot share one ledger (write to another --report-dir instead).')
    claims = _replace_by_name(earlier['claims'], later['claims'])
    arms = {**earlier['arms'], **later['arms']}
    latest = dict(invocations(later)[-1], claims=[claim['name'] for claim in later['claims']])
    return dict(earlier, claims=claims, arms=arms, invocations=[*invocations(earlier), latest],
                failed=any(claim['failures'] for claim in claims))


def _data_identity(ledger: dict) -> dict:
    return {key: value for key, value in ledger['data'].items() if key != 'root'}


def _replace_by_name(old: list, new: list) -> list:
    fresh = {item['name']: item for item in new}
    kept = [fresh.pop(item['name'], item) for item in old]
    return kept + list(fresh.values())


def _invocation_line(run: dict) -> str:
    text = f"`{run['command']}`: wall time {run['wall_seconds'] / 60:.1f} min"
    if run['reused']:
        text += f" ({run['reused']} runs kept from earlier invocations)"
    if run['claims'] is not None:
        text += f"; re-measured {len(run['claims'])} claims and their arms: {', '.join(run['claims'])}"
    return text + '.'


def render_markdown(ledger: dict) -> str:
    """LEDGER.md: title, each command and its wall time, the data and seeds, the rule, the claims table, the
    arms."""
    runs = [_invocation_line(run) for run in invocations(ledger)]
    lines = ['# Claims ledger', '', *(runs if len(runs) == 1 else [f'- {run}' for run in runs]), '',
             f"Data: {_data(ledger['data'])}. Training seeds: {', '.join(map(str, ledger['seeds']))}.", '',
             RULE + ' Per seed, d = lhs − scale × rhs + offset; n/a: fewer than two seeds.', '',
             *markdown_table(['claim', 'paper', 'lhs (arm: metric)', 'rhs (arm: metric)', 'difference ± se', 'holds'],
                             (_claim_cells(claim) for claim in ledger['claims']))]
    lines += ['', *(f"- **{c['name']}**: {c['statement']}" + (f" {c['note']}" if c['note'] else '')
                    for c in ledger['claims'])]
    lines += ['', '## Arms', '', *markdown_table(['arm', 'config', 'train.py options', 'runs'],
                                                 (_arm_cells(name, arm) for name, arm in ledger['arms'].items()))]
    return '\n'.join(lines) + '\n'


def _claim_cells(claim: dict) -> list:
    rhs = _side(claim['rhs'])
    if claim['offset']:
        rhs += f", offset {claim['offset']:+.2f}"
    return [_cell(c) for c in (claim['name'], claim['paper'], _side(claim['lhs']), rhs, _difference(claim),
                               _holds(claim))]


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


def _arm_cells(name: str, arm: dict) -> list:
    options = ' '.join([*arm['args'], *(['--cfg-options', *arm['options']] if arm['options'] else [])]) or '-'
    done = [run for run in arm['runs'] if run['ok']]
    runs = f"{len(done)}/{len(arm['runs'])} ok"
    if done:
        runs += f", {sum(run['seconds'] for run in done) / len(done) / 60:.1f} min each"
    return [_cell(c) for c in (name, arm['config'], options, runs)]


def _data(data: dict) -> str:
    details = ', '.join(f'{key} {value}' for key, value in data.items() if key != 'root')
    return f"`{data['root']}`" + (f' ({details})' if details else '')


def _cell(text: str) -> str:
    """Table cells: a '|' in a statement or an option would split the row."""
    return str(text).replace('|', '\\|').replace('\n', ' ')
