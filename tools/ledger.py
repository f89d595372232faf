"""Check papers' claims on SynthVOC: train every arm the claims compare once per seed, and report which claims
hold beyond seed noise (LEDGER.md and ledger.json; the table is platform_core/ledger/table.py), and rewrite the
plugin READMEs' ledger tables from the runs.

    python tools/ledger.py [--only CLAIM_OR_PREFIX ...] [--seeds 0 1 2] [--data-seed 0] [--jobs 2]
                           [--out work_dirs/ledger] [--report-dir .] [--data-root PATH] [--no-readmes] [--merge]
                           [--list]

Finished runs are kept: a second invocation trains only what is missing (a killed run starts over). After a
change that moves some arms' numbers, ``--only CLAIMS --merge`` re-measures those claims (every arm they need)
and replaces them in the existing LEDGER.md / ledger.json, keeping the other claims and listing both commands.
"""
import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]

from platform_core.data.synthvoc import generate
from platform_core.errors import ClsegError, ConfigError
from platform_core.ledger import (ARM_TABLES, ARMS, CLAIMS, LEDGER_JSON, LEDGER_MD, Arm, ArmTable, Claim,
                                  check_plan, merge_ledgers, needed_arms, render_markdown, run_ledger, select_claims,
                                  update_readmes, validate_table, write_report)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--only', nargs='+', metavar='CLAIM_OR_PREFIX',
                        help="check only these claims (exact names or prefixes: 'wilson' selects wilson-*)")
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2], help='training seeds (randomness.seed)')
    parser.add_argument('--data-seed', type=int, default=0, help='the SynthVOC generator seed')
    parser.add_argument('--jobs', type=int, default=2,
                        help='runs at a time, each with cpu_count // jobs threads')
    parser.add_argument('--out', default='work_dirs/ledger',
                        help='runs go to OUT/data<data seed>/<arm>/seed<s> (relative to the repo root)')
    parser.add_argument('--report-dir', default='.', help='where LEDGER.md and ledger.json go (default: repo root)')
    parser.add_argument('--data-root',
                        help='dataset folder (default data/synthvoc for data seed 0, else data/synthvoc-seed<N>)')
    parser.add_argument('--no-readmes', action='store_true',
                        help="leave the plugin READMEs' ledger tables (paths relative to --report-dir) as they are")
    parser.add_argument('--merge', action='store_true',
                        help="replace the claims this run judges (and their arms) in the report dir's existing "
                             'ledger.json / LEDGER.md and keep the others (same data and seeds only)')
    parser.add_argument('--list', action='store_true', help='print the claims and arms, run nothing')
    return parser.parse_args(argv)


def data_root_for(data_seed: int, data_root: Optional[str]) -> Path:
    """The dataset folder: ``--data-root`` when given, else one SynthVOC folder per data seed."""
    if data_root is None:
        data_root = 'data/synthvoc' if data_seed == 0 else f'data/synthvoc-seed{data_seed}'
    return ROOT / data_root


def listing(claims: Sequence[Claim], arms: Mapping[str, Arm], seeds: Sequence[int]) -> str:
    """``--list``: each claim with its sides, then each arm it needs with its runs."""
    used = needed_arms(claims, arms)
    lines = [f'claims ({len(claims)}):']
    for claim in claims:
        rhs = ('' if claim.rhs.scale == 1 else f'{claim.rhs.scale:g} x ') + f'{claim.rhs.arm}:{claim.rhs.metric}'
        offset = f' {claim.offset:+g}' if claim.offset else ''
        lines += [f'  {claim.name}: {claim.lhs.arm}:{claim.lhs.metric} > {rhs}{offset}  [{claim.paper}]',
                  f'      {claim.statement}']
    lines.append(f'arms ({len(used)}, {len(seeds)} runs each, {len(used) * len(seeds)} in all):')
    for arm in used:
        extra = ' '.join([*arm.args, *arm.options])
        lines.append(f'  {arm.name}: {arm.config}' + (f' {extra}' if extra else '')
                     + f' ({len(seeds)} runs, about {arm.minutes:g} min each)')
    return '\n'.join(lines)


def main(argv: Optional[Sequence[str]] = None, *, claims: Optional[Sequence[Claim]] = None,
         arms: Optional[Mapping[str, Arm]] = None, tables: Optional[Sequence[ArmTable]] = None) -> int:
    """The CLI; ``claims``, ``arms`` and ``tables`` (README tables) replace the table (tests). Exit 0, 1 when a
    run or metric failed, 2 on bad input."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    claims, arms = CLAIMS if claims is None else claims, ARMS if arms is None else arms
    tables = ARM_TABLES if tables is None else tuple(tables)
    try:
        validate_table(claims, arms)
        selected = select_claims(claims, args.only)
        if args.list:
            print(listing(selected, arms, args.seeds))
            return 0
        check_plan(selected, arms, args.seeds, jobs=args.jobs)
        report_dir = ROOT / args.report_dir
        earlier = earlier_ledger(report_dir, args) if args.merge else None
        data = prepare_data(args)
        ledger = run_ledger(selected, arms, args.seeds, data_root=Path(data.pop('root')), jobs=args.jobs,
                            out=ROOT / args.out / f'data{args.data_seed}', data=data,
                            command=shlex.join(['python', 'tools/ledger.py', *argv]))
        report = ledger if earlier is None else merge_ledgers(earlier, ledger)
    except ClsegError as exc:
        print(f'ledger: error: {exc}', file=sys.stderr)
        return 2
    write_report(report, report_dir)
    if not args.no_readmes:
        for line in update_readmes(ledger, tables, report_dir):
            print(f'ledger: {line}')
    print('\n' + render_markdown(report) + f'\n(also in {report_dir / LEDGER_MD} and {report_dir / LEDGER_JSON})')
    if ledger['failed']:
        print('ledger: some runs or metrics failed; see the holds column', file=sys.stderr)
        return 1
    return 0


def earlier_ledger(report_dir: Path, args: argparse.Namespace) -> dict:
    """The ledger.json that ``--merge`` adds to, checked before anything runs: same training and data seeds."""
    path = report_dir / LEDGER_JSON
    if not path.is_file():
        raise ConfigError(f'--merge: there is no {path} to merge into; run without --merge first.')
    earlier = json.loads(path.read_text())
    if earlier['seeds'] != args.seeds or earlier['data'].get('seed') != args.data_seed:
        raise ConfigError(f"--merge: {path} has training seeds {earlier['seeds']} on data seed "
                          f"{earlier['data'].get('seed')}, this run {args.seeds} on {args.data_seed}; results on "
                          'other seeds cannot share one ledger (write to another --report-dir instead).')
    return earlier


def prepare_data(args: argparse.Namespace) -> dict:
    """Generate SynthVOC with the data seed (the generator's default size and counts) unless it is there;
    returns its root, seed, size and counts."""
    root = data_root_for(args.data_seed, args.data_root)
    summary = generate(root, seed=args.data_seed)
    print(f"ledger: SynthVOC seed {args.data_seed} {summary['status']} at {root} ({summary['size']}x{summary['size']}, "
          f"{summary['num_train']} train / {summary['num_val']} val)", flush=True)
    return {key: summary[key] for key in ('root', 'seed', 'size', 'num_train', 'num_val')}

if __name__ == '__main__':
    sys.exit(main())
