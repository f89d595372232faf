"""README.md's Quickstart block, run line by line as written (in bash, from the repository root), with a tiny
budget appended to the lines that would take minutes: data, pretraining, training and test on 16 images."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def quickstart_lines() -> list[str]:
    """The commands of the README's Quickstart bash block, without their comments."""
    section = (ROOT / 'README.md').read_text().split('## Quickstart', 1)[1].split('\n## ', 1)[0]
    block = re.search(r'```bash\n(.*?)```', section, flags=re.S).group(1)
    return [line.split('  #')[0].strip() for line in block.splitlines() if line.strip()]


def tiny(line: str, tmp: Path) -> str:
    """``line`` on a tiny budget: data and weights under ``tmp``, two iterations, work dirs under ``tmp``."""
    data, weights = tmp / 'synthvoc', tmp / 'backbone.pth'
    budget = {
        'make data': f' DATA={data} SYNTHVOC_ARGS="--num-train 16 --num-val 8"',
        'make pretrain': (f' PRETRAIN_ARGS="--out {weights} --data-root {tmp}/pretrain-data --work-dir {tmp}/pretrain '
                          '--cfg-options synthvoc.num_train=16 train_cfg.max_iters=2 train_dataloader.batch_size=4"'),
        'python tools/train.py': (f' --data-root {data} --cfg-options train_cfg.max_iters=2 param_scheduler.1.end=2 '
                                  f'default_hooks.checkpoint.interval=2 model.backbone.init_cfg.checkpoint={weights}'),
        'python tools/test.py': f' --data-root {data} --cfg-options model.backbone.init_cfg.checkpoint={weights}',
    }
    line = line.replace('work_dirs/', f'{tmp}/work_dirs/')
    return line + next((extra for start, extra in budget.items() if line.startswith(start)), '')


def test_the_quickstart_block_is_there():
    lines = quickstart_lines()
    assert lines[0] == 'make setup' and lines[1] == 'source .venv/bin/activate'
    assert [line.split()[1] for line in lines[-2:]] == ['tools/train.py', 'tools/test.py']


@pytest.mark.integration
@pytest.mark.timeout(600)
def test_the_quickstart_runs_as_written(tmp_path):
    if not (ROOT / '.venv/bin/activate').is_file():
        pytest.skip('no .venv in the checkout (make setup makes it; the test suite normally runs in it)')
    script = '\n'.join(['set -euo pipefail', f'cd {ROOT}', *(tiny(line, tmp_path) for line in quickstart_lines())])
    proc = subprocess.run(['bash', '-c', script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    run, test = tmp_path / 'work_dirs/pspnet', tmp_path / 'work_dirs/pspnet-test'
    for name in ('results.md', 'results.html', 'results.json', 'plots/iou_matrix.png', 'vis_data/scalars.json'):
        assert (run / name).is_file(), name
    assert (test / 'test_metrics.json').is_file() and list((test / 'shown').rglob('*.png'))
