"""throughput: how fast each method's SynthVOC config trains on this machine's CPU, and how far from the limit.

Every method's config runs through ``tools/train.py`` (:func:`train_in_child`, one process each, one after
another) with its schedule cut to ``--iters`` iterations per task; per measured task: the median training
iteration (mmengine's IterTimerHook, the first ``--skip`` dropped) and the images per second it makes (an episode
counts its supports and queries). For the supervised PSPNet, the floating-point operations of one training
iteration (forward and backward, counted by ``torch.utils.flop_counter``) give the achieved GFLOP/s, set against
this CPU's matmul peak measured here (float32 and bfloat16 ``torch.mm``, the same thread count).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

CHILD = Path(__file__).with_name('overhead_child.py')
ROOT = Path(__file__).resolve().parents[2]  # the configs below are relative to the repository


def joint(n: int) -> tuple:
    return f'train_cfg.max_iters={n}', f'train_cfg.val_interval={n}', f'default_hooks.checkpoint.interval={n}'


def two_steps(n: int) -> tuple:
    return (f'scenario.train_iters=[{n},{n}]', )


def aepsl(n: int) -> tuple:
    return (f'aepsl.round_iters={n}', 'aepsl.report_gt=False', 'aepsl.grid_images=0', *joint(n),
            f'param_scheduler.1.end={n}', f'model.psl_start_iter={n // 2}')


def episodes(n: int) -> tuple:
    return (*joint(n), 'scenario.test_runs=1', 'scenario.test_episodes=100')


# (method, config, options for n iterations per task, measured tasks)
METHODS = (
    ('PSPNet', 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', joint, (0, )),
    ('dilated FCN', 'configs/pspnet/fcn_r18-d8_synthvoc-joint.py', joint, (0, )),
    ('fine-tune', 'configs/finetune/finetune_r18_synthvoc-15-5-overlap.py', two_steps, (0, 1)),
    ('MiB', 'configs/mib/mib_r18_synthvoc-15-5-overlap.py', two_steps, (1, )),
    ('PLOP', 'configs/plop/plop_r18_synthvoc-15-5-overlap.py', two_steps, (1, )),
    ('WILSON', 'configs/wilson/wilson_r18_synthvoc-15-5-overlap.py', two_steps, (0, 1)),
    ('AE-PSL', 'configs/aepsl/aepsl_r18_synthvoc.py', aepsl, (0, 3)),
    ('ZS3Net', 'configs/zs3/zs3_r18_synthvoc-15-5-unseen.py', joint, (0, )),
    ('SIGN', 'configs/sign/sign_r18_synthvoc-15-5-unseen.py', joint, (0, )),
    ('PANet 1-shot', 'configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py', episodes, (0, )),
    ('PANet 5-shot', 'configs/panet/panet_r18-slim_synthvoc-5i-fold0_5shot.py', episodes, (0, )),
)


def parse(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog='benchmark.py throughput', description=__doc__.splitlines()[0])
    p.add_argument('--iters', type=int, default=60, help='training iterations of every task')
    p.add_argument('--skip', type=int, default=10, help='first iterations of a task left out of its median')
    p.add_argument('--threads', type=int, default=1, help='OMP_NUM_THREADS of every run and of the matmul peak')
    p.add_argument('--only', nargs='*', help='methods to run (names as in the table)')
    p.add_argument('--data-root', help="override the configs' data_root")
    p.add_argument('--cfg-options', nargs='*', default=[], help='k=v overrides for every config')
    return p.parse_args(argv)


def images_per_sample(cfg) -> int:
    """Images one training sample carries: an episode's supports and queries, else one."""
    scenario = cfg.get('scenario', {})
    if scenario.get('type') == 'FewShot':
        return scenario.get('ways', 1) * scenario.get('shots', 1) + scenario.get('queries', 1)
    return 1


def train_in_child(config: str, options: tuple, work: Path, *, data_root: str = '', threads: int = 0,
                   amp: bool = False) -> dict:
    """Train ``config`` through ``tools/train.py`` in a child process (log: ``work``.log). Returns ``tasks``
    ({task index: iteration seconds}), ``peak_mib`` (GPU, else None) and ``wall_s``; a failed run is a
    RuntimeError naming its log. ``threads``: OMP_NUM_THREADS of the child (0: this process's environment)."""
    out, log_path = Path(f'{work}.json'), Path(f'{work}.log')
    cmd = [sys.executable, str(CHILD), 'clseg', config, str(work), str(out), *(['--amp'] if amp else []),
           *(['--data-root', data_root] if data_root else []), '--options', *options]
    env = dict(os.environ, **({'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)} if threads else {}))
    start = time.perf_counter()
    with open(log_path, 'w') as log:
        failed = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    if failed:
        raise RuntimeError(f'{Path(config).name} failed (exit {failed}); its log: {log_path}')
    report = json.loads(out.read_text())
    tasks = {int(name[4:].split('_')[0]): times for name, times in report['iter_times'].items()
             if name.startswith('task')}
    return dict(tasks=tasks, peak_mib=report['peak_mib'], wall_s=time.perf_counter() - start)


def train_flops(cfg, batch: int, size: int = 64, device: str = 'cpu') -> float:
    """Floating-point operations of one training iteration (forward, loss, backward) of ``cfg``'s model (a loaded
    config) on a batch of random ``size`` x ``size`` images and labels (no weights are loaded)."""
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    from torch.utils.flop_counter import FlopCounterMode

    from platform_core.registry import MODELS
    model_cfg = cfg.model.copy()
    model_cfg.pop('pretrained', None)
    model_cfg.backbone.pop('init_cfg', None)
    model = MODELS.build(model_cfg).to(device).train()
    inputs = torch.randn(batch, 3, size, size, device=device)
    samples = [SegDataSample(gt_sem_seg=PixelData(data=torch.randint(0, 21, (1, size, size), device=device)),
                             metainfo=dict(img_shape=(size, size), pad_shape=(size, size))) for _ in range(batch)]
    with FlopCounterMode(display=False) as counter:
        losses = model.loss(inputs, samples)
        sum(v for k, v in losses.items() if 'loss' in k).backward()
    return float(counter.get_total_flops())


def matmul_gflops(dtype: torch.dtype, n: int = 2048, repeats: int = 10, device: str = 'cpu') -> float:
    """GFLOP/s of ``torch.mm`` on n x n matrices of ``dtype`` (the best of ``repeats``)."""
    a, b = torch.randn(n, n, dtype=dtype, device=device), torch.randn(n, n, dtype=dtype, device=device)

    def seconds() -> float:
        if device != 'cpu':
            torch.cuda.synchronize()
        start = time.perf_counter()
        torch.mm(a, b)
        if device != 'cpu':
            torch.cuda.synchronize()
        return time.perf_counter() - start
    seconds()
    return 2 * n**3 / min(seconds() for _ in range(repeats)) / 1e9


def cpu_name() -> str:
    try:
        with open('/proc/cpuinfo') as f:
            return next(line.split(':', 1)[1].strip() for line in f if line.startswith('model name'))
    except (OSError, StopIteration):
        return platform.processor() or 'unknown CPU'


def throughput(argv: list) -> dict:
    args = parse(argv)
    from platform_core.config import load_config
    torch.set_num_threads(args.threads)
    rows = []
    for method, config, options, tasks in METHODS:
        if args.only and method not in args.only:
            continue
        config = str(ROOT / config)
        cfg = load_config(config)
        batch, per_sample = cfg.train_dataloader.batch_size, images_per_sample(cfg)
        with tempfile.TemporaryDirectory() as tmp:
            run = train_in_child(config, (*options(args.iters), *args.cfg_options), Path(tmp) / 'run',
                                 data_root=args.data_root or '', threads=args.threads)
        for task in tasks:
            s_iter = statistics.median(run['tasks'][task][args.skip:])
            rows.append(dict(method=method, config=str(Path(config).relative_to(ROOT)), task=task, batch=batch,
                             images_per_sample=per_sample,
                             s_per_iter=round(s_iter, 4), images_per_s=round(batch * per_sample / s_iter, 1),
                             run_wall_s=round(run['wall_s'], 1)))
            print(json.dumps(rows[-1]), flush=True)
    peak = {'float32': matmul_gflops(torch.float32), 'bfloat16': matmul_gflops(torch.bfloat16)}
    result = dict(benchmark='throughput', cpu=cpu_name(), threads=args.threads, iters=args.iters, rows=rows,
                  matmul_peak_gflops={k: round(v, 1) for k, v in peak.items()})
    psp = next((r for r in rows if r['method'] == 'PSPNet'), None)
    if psp:
        flops = train_flops(load_config(str(ROOT / psp['config'])), psp['batch'])
        result['pspnet'] = dict(gflop_per_iter=round(flops / 1e9, 2), gflops=round(flops / 1e9 / psp['s_per_iter'], 1),
                                fraction_of_bf16_peak=round(flops / 1e9 / psp['s_per_iter'] / peak['bfloat16'], 3))
    print(json.dumps({k: v for k, v in result.items() if k != 'rows'}, indent=1))
    print(markdown(rows))
    return result


def markdown(rows: list) -> str:
    lines = ['| method | task | batch (images each) | s/iteration | images/s | short run wall s |',
             '|---|---|---|---|---|---|']
    lines += [f"| {r['method']} | {r['task']} | {r['batch']} ({r['images_per_sample']}) | {r['s_per_iter']} | "
              f"{r['images_per_s']} | {r['run_wall_s']} |" for r in rows]
    return '\n'.join(lines)
