"""The plugin READMEs' ledger tables: rendered from hand-made runs, written between their markers only."""
import pytest

from platform_core.errors import ConfigError
from platform_core.ledger.arm_tables import ArmTable, check_arm_tables, render_arm_table, replace_block, update_readmes

TABLE = ArmTable('demo', 'README.md', (('mIoU', 'mIoU'), ('round 1', 'task[0].metrics.mIoU')),
                 (('baseline', 'base'), ('method', 'meth')))
RESULTS = {'b0': [{'metrics': {'mIoU': 10.0}}], 'b1': [{'metrics': {'mIoU': 14.0}}],
           'm0': [{'metrics': {'mIoU': 1.0}}, {'metrics': {'mIoU': 20.0}}]}
ARMS = {'base': {'runs': [dict(ok=True, work_dir='b0'), dict(ok=True, work_dir='b1')]},
        'meth': {'runs': [dict(ok=True, work_dir='m0'), dict(ok=False, work_dir='m1')]}}
LEDGER = dict(command='python tools/ledger.py', seeds=[0, 1], jobs=2, data=dict(seed=0), arms=ARMS)


def load(run):
    return RESULTS[run['work_dir']]


def test_cells_are_mean_and_sample_std_over_finished_runs():
    lines = render_arm_table(TABLE, ARMS, load).splitlines()
    assert lines[0] == '| run | mIoU | round 1 | seeds |'
    # base: mean 12, sample std sqrt(8) = 2.83; its results have one task, so task[0] is that task
    assert lines[2] == '| baseline (`base`) | 12.00 ± 2.83 | 12.00 ± 2.83 | 2 |'
    assert lines[3] == '| method (`meth`) | 20.00 | 1.00 | 1 |'  # the failed seed is left out


def test_a_metric_no_run_has_is_a_dash():
    table = ArmTable('demo', 'README.md', (('hIoU', 'hIoU'), ), (('baseline', 'base'), ))
    assert render_arm_table(table, ARMS, load).splitlines()[2] == '| baseline (`base`) | - | 2 |'


def test_only_the_marked_block_is_replaced():
    text = 'intro\n<!-- ledger:demo -->\nold\ntable\n<!-- /ledger:demo -->\nrest\n'
    assert replace_block(text, 'demo', 'new\n') == 'intro\n<!-- ledger:demo -->\nnew\n<!-- /ledger:demo -->\nrest\n'
    assert replace_block(text, 'other', 'new') is None


def test_update_writes_the_readme_and_says_what_it_skipped(tmp_path):
    (tmp_path / 'README.md').write_text('# x\n<!-- ledger:demo -->\nstale\n<!-- /ledger:demo -->\n')
    missing = ArmTable('gone', 'README.md', TABLE.columns, (('x', 'not-run'), ))
    unmarked = ArmTable('nomark', 'README.md', TABLE.columns, (('baseline', 'base'), ))
    report = update_readmes(LEDGER, (TABLE, missing, unmarked), tmp_path, load)
    assert report == ['README.md [demo]: updated', 'README.md [gone]: not updated, the ledger did not run not-run',
                      'README.md [nomark]: not updated, no <!-- ledger:nomark --> block there']
    text = (tmp_path / 'README.md').read_text()
    assert 'stale' not in text and 'training seeds 0, 1' in text and '| baseline (`base`) | 12.00 ± 2.83 |' in text


def test_a_row_naming_an_unknown_arm_is_an_error():
    with pytest.raises(ConfigError, match=r"README.md \[demo\]: 'meth'"):
        check_arm_tables((TABLE, ), {'base': None})
