"""Two CPU processes under torchrun (gloo, DDP) train, evaluate and agree on the metrics."""
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.mark.integration
def test_two_process_torchrun_on_cpu(tiny_data, tmp_path):
    options = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2', 'param_scheduler.0.end=2',
               'default_hooks.checkpoint.interval=2', 'model.data_preprocessor.size=(64,64)',
               'model.backbone.init_cfg=None']  # from scratch: no weight files in a test checkout
    for loader in ('train_dataloader', 'test_dataloader'):
        options += [f'{loader}.batch_size=2', f'{loader}.num_workers=0', f'{loader}.persistent_workers=False']
    env = dict(os.environ, PORT=str(free_port()), PYTHON=sys.executable, OMP_NUM_THREADS='1')
    proc = subprocess.run(['bash', 'tools/dist_train.sh', CONFIG, '2', '--work-dir', str(tmp_path / 'run'),
                           '--data-root', str(tiny_data), '--cfg-options', *options],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    # the ranks print at once, so their lines can interleave: match each flat JSON object on its own
    finals = dict(re.findall(r'clseg: rank (\d)/2 final metrics: (\{[^{}]*\})', proc.stdout + proc.stderr))
    assert set(finals) == {'0', '1'}, proc.stdout[-2000:]
    assert json.loads(finals['0']) == json.loads(finals['1'])
    assert json.loads((tmp_path / 'run' / 'results.json').read_text())[0]['metrics']['mIoU'] == \
        json.loads(finals['0'])['mIoU']
