"""The overhead benchmark's plain side is plain mmseg (no clseg type, no clseg import), and the overhead and
throughput benchmarks run end to end on tiny data."""
import json
import os
import subprocess
import sys

import pytest

from platform_core.config import load_config
from platform_core.registry import config_type_names
from tests.tool_loader import ROOT, load_tool

sys.path.insert(0, str(ROOT / 'tools'))
from benchmarks.overhead import PLAIN_TYPES, plain_mmseg_config  # noqa: E402

PSPNET = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


def types_in(cfg) -> set:
    return {name for _, name in config_type_names(cfg._cfg_dict.to_dict())}


def test_plain_config_has_no_clseg_type_or_key():
    cfg = load_config(str(ROOT / PSPNET))
    assert types_in(cfg) & set(PLAIN_TYPES)  # the conversion has something to do
    plain = plain_mmseg_config(cfg)
    assert not types_in(plain) & set(PLAIN_TYPES)
    assert {'EncoderDecoder', 'BaseSegDataset', 'PackSegInputs', 'IoUMetric', 'OptimWrapper'} <= types_in(plain)
    assert not {'plugins', 'scenario', 'custom_imports'} & set(plain.keys())
    assert 'image_labels' not in plain.train_dataloader.dataset and 'bf16' not in plain.optim_wrapper
    assert plain.train_dataloader.dataset.metainfo['classes'][0] == 'background'


@pytest.mark.integration
def test_overhead_runs_the_arms_asked_for_on_tiny_data(tiny_data, tmp_path):
    tool = load_tool('benchmark')
    out = tool.BENCHMARKS['overhead'][0](
        ['--data-root', str(tiny_data), '--iters', '4', '--skip', '1', '--repeats', '1', '--arms', 'plain', 'clseg',
         '--work-dir', str(tmp_path / 'w'), '--cfg-options', 'model.backbone.init_cfg=None',
         'test_dataloader.batch_size=4'])
    run = out['runs'][0]
    assert set(run) == {'plain', 'clseg'} and all(r['iters'] == 4 for r in run.values())
    assert set(out['iter_ratio']) == {'clseg'} and 0.2 < out['iter_ratio']['clseg']['median'] < 5
    assert (tmp_path / 'w' / 'clseg-0' / 'results.json').is_file()  # the clseg arm was a whole clseg run


@pytest.mark.integration
def test_throughput_reports_pspnet_images_per_second_and_gflops(tiny_data):
    tool = load_tool('benchmark')
    out = tool.BENCHMARKS['throughput'][0](['--data-root', str(tiny_data), '--iters', '4', '--skip', '1',
                                            '--cfg-options', 'model.backbone.init_cfg=None',
                                            '--only', 'PSPNet'])
    (row, ) = out['rows']
    assert row['method'] == 'PSPNet' and row['images_per_s'] == pytest.approx(16 / row['s_per_iter'], rel=0.01)
    assert out['pspnet']['gflop_per_iter'] > 1 and out['matmul_peak_gflops']['float32'] > 0


@pytest.mark.integration
def test_gpu_check_dry_run_checks_every_plan_entry_on_cpu():
    """tools/gpu_check.sh --dry-run needs no GPU: it builds the plan and loads, builds and indexes every entry."""
    from benchmarks.gpu_check import PLAN
    done = subprocess.run(['bash', str(ROOT / 'tools' / 'gpu_check.sh'), '--dry-run'], capture_output=True, text=True,
                          env={**os.environ, 'PYTHON': sys.executable}, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    checked = json.loads(done.stdout[done.stdout.index('\n{\n'):])  # after the runners' log lines
    assert set(checked) == set(PLAN) and all(entry['train_items'] > 0 for entry in checked.values())


def test_overhead_refuses_a_work_dir_that_holds_files(tmp_path):
    (tmp_path / 'earlier.log').write_text('x')
    with pytest.raises(SystemExit, match='is not empty: clseg refuses to train over an earlier run'):
        load_tool('benchmark').BENCHMARKS['overhead'][0](['--work-dir', str(tmp_path)])


def test_overhead_amp_needs_cuda(tmp_path, monkeypatch):
    monkeypatch.setattr('torch.cuda.is_available', lambda: False)
    with pytest.raises(SystemExit, match='--amp compares CUDA runs'):
        load_tool('benchmark').BENCHMARKS['overhead'][0](['--amp', '--work-dir', str(tmp_path / 'w')])


def test_gpu_check_names_an_unknown_plan_entry():
    with pytest.raises(SystemExit, match=r"unknown plan entries \['PSPNet R5'\]"):
        load_tool('benchmark').BENCHMARKS['gpu-check'][0](['--dry-run', '--only', 'PSPNet R5'])
