"""Bad input to tools/train.py and tools/test.py, as a table: each is refused with exit code 2 and one error line
that names the key, file or plugin (no traceback), and a finished run's files stay byte for byte as they were."""
import hashlib
import re
from pathlib import Path

import pytest

from platform_core import ContinualRunner
from platform_core.testing import tiny_config
from tests.tool_loader import load_tool

PSPNET = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'
SIGN = 'configs/sign/sign_r18_synthvoc-15-5-unseen.py'
ALL_CLASSES = '[' + ','.join(str(c) for c in range(1, 21)) + ']'

# (tool, argv with {run} = a finished run, {new} = a fresh folder, {file} = a plain file, {data} = the data),
# the text the error line holds
CASES = {
    'fresh run over a finished one': ('train', [PSPNET, '--work-dir', '{run}'], r'already holds a run'),
    'resume where nothing ran': ('train', [PSPNET, '--work-dir', '{new}', '--resume'], 'holds no run to resume'),
    'option without =': ('train', [PSPNET, '--work-dir', '{run}', '--resume', '--cfg-options', 'max_iters'],
                         "'max_iters' is not KEY=VALUE"),
    'unbalanced brackets': ('train', [PSPNET, '--work-dir', '{run}', '--resume', '--cfg-options', 'a=[1,2'],
                            r"could not read 'a=\[1,2'"),
    'misspelt key': ('train', [PSPNET, '--work-dir', '{run}', '--resume', '--cfg-options', 'train_cfg.max_itres=5'],
                     r'did you mean `train_cfg.max_iters`'),
    'batch size 0': ('train', [PSPNET, '--work-dir', '{new}', '--cfg-options', 'train_dataloader.batch_size=0'],
                     'train_dataloader.batch_size = 0'),
    'no iterations': ('train', [PSPNET, '--work-dir', '{new}', '--cfg-options', 'train_cfg.max_iters=-3'],
                      'train_cfg.max_iters = -3 for task 0'),
    'work dir under a file': ('train', [PSPNET, '--work-dir', '{file}/run'], 'is a file'),
    'unknown plugin': ('train', [PSPNET, '--work-dir', '{new}', '--cfg-options', "plugins=['joint','pspnett']"],
                       r"unknown plugin\(s\) \['pspnett'\]"),
    'missing data root': ('train', [PSPNET, '--work-dir', '{new}', '--data-root', '{new}/nowhere'],
                          'does not exist'),
    'no seen class left': ('train', [SIGN, '--work-dir', '{new}', '--cfg-options', f'scenario.unseen={ALL_CLASSES}'],
                           'leaves 0 seen and 20 unseen classes'),
    'task out of range': ('test', [PSPNET, '{run}/task_0/iter_2.pth', '--work-dir', '{run}', '--task', '5'],
                          r'--task 5: this config\'s scenario has 1 task\(s\)'),
    'missing checkpoint': ('test', [PSPNET, '{new}/iter_9.pth', '--work-dir', '{run}'],
                           r'checkpoint .*iter_9.pth not found'),
}


def _files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob('*')) if p.is_file()}


@pytest.fixture(scope='module')
def finished_run(tiny_data, tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp('finished') / 'run'
    ContinualRunner(tiny_config(PSPNET, data_root=tiny_data, work_dir=run, max_iters=2)).run()
    return run


@pytest.mark.integration
@pytest.mark.timeout(120)
@pytest.mark.parametrize('case', list(CASES))
def test_bad_input_is_one_error_and_loses_nothing(case, finished_run, tiny_data, tmp_path, capsys):
    tool, argv, expected = CASES[case]
    (tmp_path / 'file').write_text('notes')
    fill = dict(run=finished_run, new=tmp_path / 'new', file=tmp_path / 'file', data=tiny_data)
    argv = [arg.format(**fill) for arg in argv]
    if '--data-root' not in argv:
        argv += ['--data-root', str(tiny_data)]
    before = _files(finished_run)
    try:
        code = load_tool(tool).main(argv)
    except SystemExit as exc:  # argparse's usage error
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert 'Traceback' not in err
    lines = [line for line in err.splitlines() if 'error' in line]
    assert len(lines) == 1 and re.search(expected, lines[0]), err
    assert _files(finished_run) == before
    assert (tmp_path / 'file').read_text() == 'notes'
