"""tools/benchmark.py finds the benchmarks plugins register, and PANet's runs end to end on tiny data: its
batched test path predicts exactly what PANet's per-episode loop predicts (the benchmark checks it)."""
import pytest

from platform_core.data.synthvoc import generate
from tests.tool_loader import load_tool


def test_list_shows_the_cores_and_the_plugins_benchmarks(capsys):
    assert load_tool('benchmark').main(['--list']) == 0
    out = capsys.readouterr().out
    assert 'cpu-regime' in out and 'panet-episodic-eval' in out  # the second is registered by plugins/panet


def test_an_unknown_benchmark_is_one_error(capsys):
    assert load_tool('benchmark').main(['nope']) == 2
    assert "unknown benchmark 'nope'" in capsys.readouterr().err


@pytest.mark.integration
def test_panet_benchmark_on_tiny_data_matches_the_reference_loop(tmp_path):
    root = tmp_path / 'synthvoc'
    generate(root, num_train=20, num_val=80, size=32, seed=0)
    tool = load_tool('benchmark')
    tool.load_plugins()
    run, _ = tool.BENCHMARKS['panet-episodic-eval']
    out = run(['--data-root', str(root), '--episodes', '4', '--size', '32', '--backbone', 'r18-slim', '--batch', '2',
               '--device', 'cpu'])
    assert out['episodes'] == 4 and out['differing_pixels'] == 0
    assert out['mIoU_batched'] == out['mIoU_loop'] == out['mIoU_uncached']
