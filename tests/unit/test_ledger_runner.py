"""The ledger's table checks, runs (with a fake train.py: which runs happen, once, kept, started over, failed),
its verdicts, its report, and the CLI."""
import functools
import json
import math
import re
from pathlib import Path

import pytest

from platform_core.errors import ConfigError
from platform_core.ledger import (ARMS, CLAIMS, LEDGER_JSON, LEDGER_MD, Arm, Claim, Side, check_plan, index_arms,
                                  merge_ledgers, render_markdown, run_ledger, select_claims, train_command, validate_table,
                                  write_report)
from tests.tool_loader import load_tool

ROOT = Path(__file__).resolve().parents[2]


class FakeTrain:
    """Stands in for train.py: writes a results.json whose metrics are its config's plus the seed, or fails for
    configs in ``fail``; ``launched`` lists (config stem, seed) in launch order."""

    def __init__(self, metrics: dict, fail: tuple = ()):
        self.metrics, self.fail, self.launched = metrics, fail, []

    def __call__(self, command, *, log, threads):
        config, work_dir = Path(command[1]), Path(command[command.index('--work-dir') + 1])
        seed = int(next(item for item in command if item.startswith('randomness.seed=')).split('=')[1])
        self.launched.append((config.stem, seed))
        log.write_text(f'fake train.py, {threads} threads\n')
        if config.stem in self.fail:
            return 1
        work_dir.mkdir(parents=True)  # like train.py, refuse a folder an earlier run left
        metrics = {key: value + seed for key, value in self.metrics[config.stem].items()}
        (work_dir / 'results.json').write_text(json.dumps([dict(task={}, metrics=metrics, plugins={})]))
        return 0


@pytest.fixture
def table(tmp_path):
    """Arms a (mIoU 60 + seed), b (mIoU 50 + seed), unused; an unpaired claim a > b and a paired one on a."""
    for name in 'abu':
        (tmp_path / f'{name}.py').write_text('# a config\n')
    arms = index_arms(Arm(name=name, config=str(tmp_path / f'{name}.py'), options=('train_cfg.max_iters=2', ))
                      for name in 'abu')
    claims = [Claim(name='a-beats-b', paper='Paper A | Table 1', statement='A beats B.',
                    lhs=Side('a', 'mIoU'), rhs=Side('b', 'mIoU')),
              Claim(name='a-miou-half-acc', paper='Paper A', statement='mIoU above half of aAcc.',
                    lhs=Side('a', 'mIoU'), rhs=Side('a', 'aAcc', scale=0.5), offset=-1.0, note='Paired.')]
    fake = FakeTrain(dict(a=dict(mIoU=60.0, aAcc=100.0), b=dict(mIoU=50.0), u=dict(mIoU=0.0)))
    run = functools.partial(run_ledger, claims, arms, [0, 1], data_root=tmp_path / 'data', out=tmp_path / 'out',
                            command='python tools/ledger.py', data=dict(seed=0), launcher=fake)
    return dict(arms=arms, claims=claims, fake=fake, run=run, out=tmp_path / 'out')


# ---------------------------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------------------------
def test_the_shipped_table_is_consistent_and_every_arm_is_used():
    validate_table(CLAIMS, ARMS)
    assert CLAIMS and {name for claim in CLAIMS for name in claim.arm_names} == set(ARMS)


@pytest.mark.parametrize('claims, arms, message', [
    ([Claim('c', 'P', 's', Side('a', 'mIoU'), Side('zz', 'mIoU'))], {'a': Arm('a', 'a.py')},
     r"claim 'c' rhs names unknown arm 'zz'.*Known arms: \['a'\]"),
    ([Claim('c', 'P', 's', Side('a', 'mIoU'), Side('a', 'aAcc'))] * 2, {'a': Arm('a', 'a.py')},
     r"claim name 'c' is used twice"),
    ([], {'b': Arm('a', 'a.py')}, r"arm 'a' is filed under 'b'"),
    ([Claim('c', 'P', 's', Side('a', 'mIoU'), Side('a', 'aAcc', scale=math.nan))], {'a': Arm('a', 'a.py')},
     r"claim 'c' has a scale or offset that is not a finite number"),
    ([], {'a': Arm('a', 'a.py', start_from='zz')}, r"arm 'a' starts from unknown arm 'zz'"),
    ([], {'a': Arm('a', 'a.py', start_from='b'), 'b': Arm('b', 'b.py', start_from='c'), 'c': Arm('c', 'c.py')},
     r"arm 'a' starts from 'b', which itself starts from another arm"),
])
def test_an_inconsistent_table_is_one_error(claims, arms, message):
    with pytest.raises(ConfigError, match=message):
        validate_table(claims, arms)


def test_two_arms_with_one_name_are_an_error():
    with pytest.raises(ConfigError, match="two ledger arms are named 'a'"):
        index_arms([Arm('a', 'a.py'), Arm('a', 'b.py')])


def test_only_selects_by_exact_name_or_prefix_in_table_order(table):
    assert [c.name for c in select_claims(table['claims'], ['a-miou-half-acc', 'a-b'])] == ['a-beats-b',
                                                                                          'a-miou-half-acc']
    assert [c.name for c in select_claims(table['claims'], ['a-'])] == ['a-beats-b', 'a-miou-half-acc']
    assert select_claims(table['claims'], None) == table['claims']


def test_only_with_unknown_names_is_one_error_listing_the_claims(table):
    with pytest.raises(ConfigError, match=r"--only \['x', 'y'\] matches no claim .*Claims: \['a-beats-b', 'a-mi"):
        select_claims(table['claims'], ['x', 'a-beats', 'y'])


@pytest.mark.parametrize('seeds, jobs, message', [
    ([], 2, r'--seeds must name at least one seed, each once; got \[\]'),
    ([0, 0], 2, r'each once; got \[0, 0\]'),
    ([0], 0, '--jobs must be at least 1, got 0'),
])
def test_bad_seeds_or_jobs_are_errors(table, seeds, jobs, message):
    with pytest.raises(ConfigError, match=message):
        check_plan(table['claims'], table['arms'], seeds, jobs=jobs)


def test_a_missing_arm_config_is_an_error_before_anything_runs(table):
    arms = dict(table['arms'], b=Arm('b', 'configs/nope/nope.py'))
    with pytest.raises(ConfigError, match=r"config\(s\) not found \(paths are relative to .*\): 'b': configs/nope"):
        run_ledger(table['claims'], arms, [0], data_root=Path('d'), out=Path('o'), launcher=table['fake'])
    assert table['fake'].launched == []


def test_train_command_puts_the_seed_before_the_arms_options():
    arm = Arm('a', 'configs/x.py', options=('train_cfg.max_iters=2', ), args=('--amp', ))
    assert train_command(arm, 3, work_dir=Path('/w'), data_root=Path('/d')) == [
        'tools/train.py', 'configs/x.py', '--work-dir', '/w', '--data-root', '/d', '--amp', '--cfg-options',
        'randomness.seed=3', 'train_cfg.max_iters=2']


def test_an_arm_that_starts_from_another_takes_the_same_seeds_run_of_it():
    arm = Arm('m', 'configs/m.py', options=('x=1', ), start_from='f', start_tasks=2)
    assert train_command(arm, 3, work_dir=Path('/o/m/seed3'), data_root=Path('/d'))[-4:] == [
        'randomness.seed=3', 'start_from.run=/o/f/seed3', 'start_from.tasks=2', 'x=1']


def test_the_mib_and_plop_arms_start_from_fine_tuning_and_aepsl_variants_from_aepsls_rounds():
    assert {name: (arm.start_from, arm.start_tasks) for name, arm in ARMS.items() if arm.start_from} == {
        **{f'{m}-{s}': (f'finetune-{s}', 1) for m in ('mib', 'plop')
           for s in ('15-5-overlap', '15-5-disjoint', '10-10-overlap', '10-10-disjoint')},
        'mib-15-1-overlap': ('finetune-15-5-overlap', 1), 'plop-15-1-overlap': ('finetune-15-5-overlap', 1),
        'aepsl-aeonly': ('aepsl', 3), 'aepsl-psl-labels': ('aepsl', 3)}


# ---------------------------------------------------------------------------------------------------------------
# runs
# ---------------------------------------------------------------------------------------------------------------
def test_each_needed_arm_runs_once_per_seed(table):
    """a is used by both claims and runs once per seed; u is used by none and never runs."""
    ledger = table['run']()
    assert sorted(table['fake'].launched) == [('a', 0), ('a', 1), ('b', 0), ('b', 1)]
    assert list(ledger['arms']) == ['a', 'b'] and not ledger['failed']
    record = json.loads((table['out'] / 'a/seed1/ledger_run.json').read_text())
    assert record['command'][-2:] == ['randomness.seed=1', 'train_cfg.max_iters=2'] and record['seconds'] >= 0
    assert (table['out'] / 'a/seed1.log').is_file()


def test_longest_arms_run_first(table):
    arms = dict(table['arms'], b=Arm('b', table['arms']['b'].config, minutes=5.0))
    run_ledger(table['claims'], arms, [0, 1], data_root=Path('d'), out=table['out'], jobs=1,
               launcher=table['fake'])
    assert table['fake'].launched == [('b', 0), ('b', 1), ('a', 0), ('a', 1)]


def _starting_from_a(table):
    """The table with b starting from a's runs; the claim a > b alone."""
    arms = dict(table['arms'], b=Arm('b', table['arms']['b'].config, minutes=9.0, start_from='a'))
    return functools.partial(run_ledger, table['claims'][:1], arms, [0, 1], data_root=Path('d'), out=table['out'],
                             launcher=table['fake'])


def test_an_arm_runs_after_the_arm_it_starts_from_and_goes_stale_with_it(table):
    run = _starting_from_a(table)
    run(jobs=1)
    assert table['fake'].launched == [('a', 0), ('a', 1), ('b', 0), ('b', 1)]  # b is longer, but waits for a
    table['fake'].launched.clear()
    Path(table['arms']['a'].config).write_text('# a config\nmodel = dict(width=2)\n')
    run()
    assert sorted(table['fake'].launched) == [('a', 0), ('a', 1), ('b', 0), ('b', 1)]


def test_a_failed_base_run_fails_the_runs_that_start_from_it_without_running_them(table):
    table['fake'].fail = ('a', )
    ledger = _starting_from_a(table)(jobs=2)
    assert sorted(table['fake'].launched) == [('a', 0), ('a', 1)]
    assert ledger['failed'] and 'a seed 0, which failed' in (table['out'] / 'b/seed0.log').read_text()


def test_a_second_invocation_runs_nothing_and_judges_the_same(table):
    first = table['run']()
    table['fake'].launched.clear()
    second = table['run']()
    assert table['fake'].launched == []
    assert second['claims'] == first['claims']
    assert all(run['reused'] for arm in second['arms'].values() for run in arm['runs'])


def test_an_incomplete_or_deleted_run_folder_is_run_again_from_scratch(table):
    table['run']()
    (table['out'] / 'a/seed1/ledger_run.json').unlink()  # killed before the ledger recorded it
    (table['out'] / 'a/seed1/stale.txt').write_text('left by the killed run')
    (table['out'] / 'b/seed0/results.json').unlink()  # killed mid-run
    table['fake'].launched.clear()
    ledger = table['run']()
    assert sorted(table['fake'].launched) == [('a', 1), ('b', 0)]
    assert not (table['out'] / 'a/seed1/stale.txt').exists() and not ledger['failed']


def test_a_changed_arm_is_run_again(table):
    table['run']()
    table['fake'].launched.clear()
    arms = dict(table['arms'], b=Arm('b', table['arms']['b'].config, options=('train_cfg.max_iters=4', )))
    run_ledger(table['claims'], arms, [0, 1], data_root=table['out'].parent / 'data', out=table['out'],
               launcher=table['fake'])
    assert sorted(table['fake'].launched) == [('b', 0), ('b', 1)]


def test_an_edited_config_is_run_again(table):
    table['run']()
    table['fake'].launched.clear()
    Path(table['arms']['a'].config).write_text('# a config\nmodel = dict(width=2)\n')
    table['run']()
    assert sorted(table['fake'].launched) == [('a', 0), ('a', 1)]


def test_a_failed_run_fails_its_claims_only_and_the_others_still_run(table):
    table['fake'].fail = ('b', )
    ledger = table['run']()
    assert sorted(table['fake'].launched) == [('a', 0), ('a', 1), ('b', 0), ('b', 1)]
    beats, paired = ledger['claims']
    assert beats['failures'] == [f"failed: see {table['out'] / 'b/seed0.log'}",
                                 f"failed: see {table['out'] / 'b/seed1.log'}"]
    assert beats['holds'] is None and beats['difference'] is None and beats['rhs']['values'] == [None, None]
    assert beats['lhs']['values'] == [60.0, 61.0]
    assert paired['failures'] == [] and paired['holds'] is True and ledger['failed']
    assert not (table['out'] / 'b/seed0/ledger_run.json').exists()  # a failed run is not kept


def test_a_wrong_metric_path_is_a_claim_failure_naming_the_keys(table):
    claims = [Claim('typo', 'P', 's', Side('a', 'mIoU'), Side('b', 'miou'))]
    ledger = run_ledger(claims, table['arms'], [0, 1], data_root=Path('d'), out=table['out'], launcher=table['fake'])
    assert ledger['failed'] and ledger['claims'][0]['holds'] is None
    assert ledger['claims'][0]['failures'][0] == ("failed: b seed 0: metric 'miou': no key 'miou' at 'metrics'; "
                                                  "keys there: ['mIoU']")


# ---------------------------------------------------------------------------------------------------------------
# verdicts and the report
# ---------------------------------------------------------------------------------------------------------------
def test_verdicts_from_known_values(table):
    """a-beats-b: [60, 61] vs [50, 51], Welch se sqrt(0.5/2 + 0.5/2) = 0.71. Paired: d = mIoU - 0.5 aAcc - 1
    = 60 - 50 - 1, 61 - 50.5 - 1 = 9, 9.5: mean 9.25, se 0.35 / sqrt(2) = 0.25."""
    beats, paired = table['run']()['claims']
    assert beats['lhs'] == dict(arm='a', metric='mIoU', scale=1.0, seeds=[0, 1], values=[60.0, 61.0], mean=60.5,
                                std=pytest.approx(math.sqrt(0.5)))
    assert beats['difference'] == pytest.approx(dict(mean=10.0, se=math.sqrt(0.5), holds=True))
    assert beats['paired'] is False and paired['paired'] is True
    assert paired['rhs']['values'] == [100.0, 101.0]
    assert paired['difference'] == pytest.approx(dict(mean=9.25, se=0.25, holds=True))
    assert beats['arms']['a'] == dict(config=table['arms']['a'].config, options=['train_cfg.max_iters=2'], args=[])


def test_report_rows_and_json_round_trip(table, tmp_path):
    ledger = table['run']()
    write_report(ledger, tmp_path / 'report')
    text = (tmp_path / 'report' / LEDGER_MD).read_text()
    assert text == render_markdown(ledger) and text.startswith('# Claims ledger\n')
    assert json.loads((tmp_path / 'report' / LEDGER_JSON).read_text()) == ledger
    assert ('| a-beats-b | Paper A \\| Table 1 | a: mIoU 60.50 ± 0.71 | b: mIoU 50.50 ± 0.71 | 10.00 ± 0.71 (Welch) '
            '| yes |') in text
    assert ('| a-miou-half-acc | Paper A | a: mIoU 60.50 ± 0.71 | 0.5 × (a: aAcc 100.50 ± 0.71), offset -1.00 '
            '| 9.25 ± 0.25 (paired) | yes |') in text
    assert '- **a-beats-b**: A beats B.' in text and '- **a-miou-half-acc**: mIoU above half of aAcc. Paired.' in text
    assert "larger than twice its standard error; paired when both sides come from one arm, Welch" in text
    assert '`python tools/ledger.py`: wall time' in text and 'Training seeds: 0, 1.' in text
    assert f"| a | {table['arms']['a'].config} | --cfg-options train_cfg.max_iters=2 | 2/2 ok, " in text


def test_report_of_failed_and_single_seed_claims(table, tmp_path):
    table['fake'].fail = ('b', )
    text = render_markdown(run_ledger(table['claims'], table['arms'], [0], data_root=Path('d'), out=table['out'],
                                      launcher=table['fake']))
    assert f"| b: mIoU n/a | - | failed: see {table['out'] / 'b/seed0.log'} |" in text
    assert '| 9.00 (one seed) | n/a |' in text and '| b | ' in text and '| 0/1 ok |' in text


# ---------------------------------------------------------------------------------------------------------------
# the CLI
# ---------------------------------------------------------------------------------------------------------------
def test_list_prints_claims_and_arms_with_their_runs(table, capsys):
    assert load_tool('ledger').main(['--list', '--seeds', '0', '1', '2'], claims=table['claims'], arms=table['arms']) == 0
    out = capsys.readouterr().out
    assert 'a-beats-b: a:mIoU > b:mIoU  [Paper A | Table 1]' in out
    assert 'a-miou-half-acc: a:mIoU > 0.5 x a:aAcc -1  [Paper A]' in out
    assert 'arms (2, 3 runs each, 6 in all):' in out and 'train_cfg.max_iters=2 (3 runs, about 1 min each)' in out


@pytest.mark.parametrize('argv, message', [
    (['--only', 'zz'], r"ledger: error: --only \['zz'\] matches no claim"),
    (['--jobs', '0'], 'ledger: error: --jobs must be at least 1'),
])
def test_cli_errors_are_one_line_and_exit_2(table, capsys, argv, message):
    assert load_tool('ledger').main(argv, claims=table['claims'], arms=table['arms']) == 2
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and re.match(message, err)
    assert table['fake'].launched == []


def test_cli_generates_the_data_seed_runs_and_reports(table, tmp_path, monkeypatch, capsys):
    """--data-seed 3: SynthVOC seed 3 at data/synthvoc-seed3 (the generator's defaults), runs in OUT/data3;
    a failed run makes the exit code 1."""
    tool, generated = load_tool('ledger'), []
    monkeypatch.setattr(tool, 'generate', lambda root, **kw: generated.append((root, kw)) or dict(
        root=str(root), status='exists', seed=kw['seed'], size=96, num_train=10, num_val=5))
    monkeypatch.setattr(tool, 'run_ledger', functools.partial(run_ledger, launcher=table['fake']))
    argv = ['--data-seed', '3', '--seeds', '0', '1', '--out', str(tmp_path / 'o'), '--report-dir', str(tmp_path)]
    assert tool.main(argv, claims=table['claims'], arms=table['arms']) == 0
    assert generated == [(ROOT / 'data/synthvoc-seed3', dict(seed=3))]
    ledger = json.loads((tmp_path / LEDGER_JSON).read_text())
    assert ledger['data'] == dict(seed=3, size=96, num_train=10, num_val=5, root=str(ROOT / 'data/synthvoc-seed3'))
    assert ledger['command'] == 'python tools/ledger.py ' + ' '.join(argv) and ledger['seeds'] == [0, 1]
    assert (tmp_path / 'o/data3/a/seed1/results.json').is_file() and (tmp_path / LEDGER_MD).is_file()
    assert '| a-beats-b |' in capsys.readouterr().out
    table['fake'].fail = ('a', )
    again = [*argv[:3], '2', *argv[3:], '--only', 'a-miou']
    assert tool.main(again, claims=table['claims'], arms=table['arms']) == 1  # a's seed 2 fails, 0 and 1 are kept
    assert table['fake'].launched[4:] == [('a', 2)]
    assert 'ledger: some runs or metrics failed' in capsys.readouterr().err


@pytest.mark.parametrize('data_seed, data_root, expected', [
    (0, None, ROOT / 'data/synthvoc'), (2, None, ROOT / 'data/synthvoc-seed2'), (2, 'data/mine', ROOT / 'data/mine'),
    (0, '/elsewhere/voc', Path('/elsewhere/voc'))])
def test_data_root_is_one_synthvoc_folder_per_data_seed_unless_given(data_seed, data_root, expected):
    assert load_tool('ledger').data_root_for(data_seed, data_root) == expected


def test_merge_replaces_the_re_measured_claims_and_keeps_the_others(table, tmp_path):
    first = table['run']()
    table['fake'].metrics['b'] = dict(mIoU=70.0)  # b changed: a-beats-b re-measured with a and b run again
    later = run_ledger(table['claims'][:1], table['arms'], [0, 1], data_root=tmp_path / 'elsewhere',
                       out=tmp_path / 'out2', command='python tools/ledger.py --only a-beats-b', data=dict(seed=0),
                       launcher=table['fake'])
    merged = merge_ledgers(first, later)
    assert [c['name'] for c in merged['claims']] == ['a-beats-b', 'a-miou-half-acc']
    assert merged['claims'][0] == later['claims'][0] and merged['claims'][1] == first['claims'][1]
    assert merged['claims'][0]['holds'] is False and merged['arms']['b'] == later['arms']['b']
    assert [run['claims'] for run in merged['invocations']] == [None, ['a-beats-b']]
    text = render_markdown(merged)
    assert '- `python tools/ledger.py`: wall time' in text
    assert '- `python tools/ledger.py --only a-beats-b`: wall time' in text and 'and their arms: a-beats-b.' in text
    with pytest.raises(ConfigError, match=r"--merge: the earlier ledger has training seeds \[0, 1\], this run \[0\]"):
        merge_ledgers(first, dict(later, seeds=[0]))


def test_cli_merge_needs_an_earlier_ledger_with_the_same_seeds(table, tmp_path, capsys):
    argv = ['--merge', '--report-dir', str(tmp_path)]
    assert load_tool('ledger').main(argv, claims=table['claims'], arms=table['arms']) == 2
    assert f'--merge: there is no {tmp_path / LEDGER_JSON} to merge into' in capsys.readouterr().err
    write_report(table['run'](), tmp_path)
    assert load_tool('ledger').main([*argv, '--seeds', '0', '1', '2'], claims=table['claims'], arms=table['arms']) == 2
    assert 'has training seeds [0, 1] on data seed 0, this run [0, 1, 2] on 0' in capsys.readouterr().err
