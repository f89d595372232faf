"""Per-plugin result tables from the ledger's runs: each plugin README holds a block between
``<!-- ledger:NAME -->`` and ``<!-- /ledger:NAME -->`` that ``tools/ledger.py`` rewrites with the mean ± std
over seeds of its arms' metrics, so the READMEs' SynthVOC numbers are the ledger's, never copied by hand."""
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Optional

from ..errors import ConfigError
from ..evaluation.report import markdown_table
from ..fileio import atomic_write_text
from .metric_path import resolve_metric
from .stats import summarize

__all__ = ['ArmTable', 'check_arm_tables', 'render_arm_table', 'replace_block', 'update_readmes']


@dataclass(frozen=True)
class ArmTable:
    """One README block: a row per arm (``rows``: label, arm name), a column per metric path (``columns``:
    header, path as in ``metric_path``). Several tables may share a block ``name``; they render in order."""
    name: str
    readme: str  # relative to the report directory (the repo root for tools/ledger.py)
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, str], ...]


def check_arm_tables(tables: tuple[ArmTable, ...], arms: Mapping) -> None:
    """ConfigError naming every README table row whose arm is not in ``arms``."""
    unknown = [f"{t.readme} [{t.name}]: '{arm}'" for t in tables for _, arm in t.rows if arm not in arms]
    if unknown:
        raise ConfigError('ledger README tables name arm(s) the table does not define: ' + ', '.join(unknown))


def _read_results(run: Mapping) -> list:
    return json.loads((Path(run['work_dir']) / 'results.json').read_text())


def render_arm_table(table: ArmTable, arms: Mapping[str, Mapping],
                     load_results: Callable[[Mapping], list] = _read_results) -> str:
    """Markdown table of ``table`` from the ledger's ``arms`` entries: per cell the mean ± std over the arm's
    finished runs ('-' when none has the metric), and how many runs there are."""
    headers = ['run', *(header for header, _ in table.columns), 'seeds']
    rows = []
    for label, arm in table.rows:
        results = [load_results(run) for run in arms[arm]['runs'] if run['ok']]
        rows.append([f'{label} (`{arm}`)', *(_cell(results, path) for _, path in table.columns), len(results)])
    return '\n'.join(markdown_table(headers, rows))


def _cell(results: list, path: str) -> str:
    values = []
    for result in results:
        try:
            values.append(resolve_metric(result, path))
        except ConfigError:
            pass
    if not values:
        return '-'
    mean, std = summarize(values)
    return f'{mean:.2f} ± {std:.2f}' if len(values) > 1 else f'{mean:.2f}'


def replace_block(text: str, name: str, block: str) -> Optional[str]:
    """``text`` with what lies between its ``<!-- ledger:name -->`` / ``<!-- /ledger:name -->`` markers
    replaced by ``block``; None when the markers are missing."""
    pattern = re.compile(rf'(<!-- ledger:{re.escape(name)} -->\n).*?(<!-- /ledger:{re.escape(name)} -->)', re.S)
    if not pattern.search(text):
        return None
    return pattern.sub(lambda m: m.group(1) + block.rstrip('\n') + '\n' + m.group(2), text, count=1)


def update_readmes(ledger: dict, tables: tuple[ArmTable, ...], root: Path,
                   load_results: Callable[[Mapping], list] = _read_results) -> list[str]:
    """Rewrite every block whose arms all ran in ``ledger``; returns one line per block (updated or why not)."""
    by_block: dict[tuple[str, str], list[ArmTable]] = {}
    for table in tables:
        by_block.setdefault((table.readme, table.name), []).append(table)
    report = []
    for (readme, name), group in by_block.items():
        path = Path(root) / readme
        missing = sorted({arm for t in group for _, arm in t.rows if arm not in ledger['arms']})
        if missing:
            report.append(f'{readme} [{name}]: not updated, the ledger did not run {", ".join(missing)}')
            continue
        block = '\n\n'.join([_caption(ledger), *(render_arm_table(t, ledger['arms'], load_results) for t in group)])
        text = path.read_text() if path.is_file() else None
        new = None if text is None else replace_block(text, name, block)
        if new is None:
            report.append(f'{readme} [{name}]: not updated, no <!-- ledger:{name} --> block there')
            continue
        atomic_write_text(path, new)
        report.append(f'{readme} [{name}]: updated')
    return report


def _caption(ledger: dict) -> str:
    seeds = ', '.join(map(str, ledger['seeds']))
    data = ledger.get('data', {})
    return (f"From `{ledger['command']}` ([LEDGER.md](../../LEDGER.md): the claims and whether they hold): "
            f"SynthVOC data seed {data.get('seed', '?')}, training seeds {seeds}, mean ± std over them; one "
            f"thread per run, {ledger['jobs']} runs at a time.")
