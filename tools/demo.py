"""`make demo`: generate SynthVOC, train and evaluate every demo method through the platform, and print
one results table (also written to work_dirs/demo/results.md).

    python tools/demo.py [--data-root data/synthvoc] [--only NAME ...]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

from platform_core.data.synthvoc import CLASS_NAMES, generate
from platform_core.evaluation import background_baseline
from platform_core.evaluation.report import format_value, markdown_table
from platform_core.fileio import atomic_write_text

# One row per run: the config it trains, the options that fit it into the demo's budget, the metrics of its
# last task shown in the table and about how long it takes (``minutes``: runs go two at a time, longest first).
# Each method stands right after the baseline its paper beats, the fully supervised upper bound first.
# AE-PSL runs its configs' full schedules: its segmentation stage needs them (on the same masks 1,000 PSL
# iterations gave 34.0 mIoU, 1,500 gave 45.5; plugins/aepsl/README.md), and shorter rounds or PSL stages showed a
# background predictor. The demo only skips measuring the masks against the ground truth (report_gt, for the
# report only) and the rounds' grid, which change no number of the row.
AEPSL_OPTIONS = ('aepsl.report_gt=False', 'aepsl.grid_images=0')
DEMO_RUNS = [
    dict(name='pspnet', method='PSPNet (supervised upper bound)', setting='joint, pixel labels',
         config='configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', columns=('mIoU', 'aAcc'),
         options=('train_cfg.max_iters=1000', 'train_cfg.val_interval=1000', 'param_scheduler.1.end=1000',
                  'default_hooks.checkpoint.interval=1000'), minutes=3),
    dict(name='finetune', method='fine-tune (baseline)', setting='15-5 overlap, step 1 pixel labels (old / new / all)',
         config='configs/finetune/finetune_r18_synthvoc-15-5-overlap.py', columns=('old', 'new', 'all'),
         options=('scenario.train_iters=[400,100]', ), minutes=1.8),
    *(dict(name=m, method=f'{label} (baseline, pixel labels)', after='finetune',
           setting='15-5 overlap, step 1 pixel labels (old / new / all), step 0 of the fine-tune row',
           config=f'configs/{m}/{m}_r18_synthvoc-15-5-overlap.py', columns=('old', 'new', 'all'),
           options=('scenario.train_iters=[400,100]', ), minutes=0.5)
      for m, label in (('mib', 'MiB'), ('plop', 'PLOP'))),
    dict(name='wilson', method='WILSON', setting='15-5 overlap, step 1 image labels only (old / new / all)',
         config='configs/wilson/wilson_r18_synthvoc-15-5-overlap.py', columns=('old', 'new', 'all'),
         options=('scenario.train_iters=[400,100]', ), minutes=2),
    dict(name='aepsl-1round', method='one-round CAM masks + PSL (baseline)', setting='weak: image labels + saliency',
         config='configs/aepsl/aepsl_r18_synthvoc-1round.py', columns=('mIoU', 'aAcc'),
         options=AEPSL_OPTIONS, minutes=5),
    dict(name='aepsl', method='AE-PSL', setting='weak: image labels + saliency (3 erasing rounds + PSL)',
         config='configs/aepsl/aepsl_r18_synthvoc.py', columns=('mIoU', 'aAcc'),
         options=AEPSL_OPTIONS, minutes=6),
    dict(name='zs3', method='ZS3Net (baseline)', setting='generalized zero-shot 15 / 5 (S / U / hIoU)',
         config='configs/zs3/zs3_r18_synthvoc-15-5-unseen.py', columns=('mIoU_seen', 'mIoU_unseen', 'hIoU'),
         options=('train_cfg.max_iters=420', ), minutes=2),
    dict(name='sign', method='SIGN', setting='generalized zero-shot 15 / 5 (S / U / hIoU)',
         config='configs/sign/sign_r18_synthvoc-15-5-unseen.py', columns=('mIoU_seen', 'mIoU_unseen', 'hIoU'),
         options=('train_cfg.max_iters=420', ), minutes=2),
    dict(name='panet-nopar', method='PANet without PAR (baseline)', setting='PASCAL-5i fold 0, 1-way 1-shot',
         config='configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py', columns=('mIoU', 'FB-IoU'),
         options=('model.align_weight=0', )),
    dict(name='panet', method='PANet', setting='PASCAL-5i fold 0, 1-way 1-shot (2 x 200 test episodes)',
         config='configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py', columns=('mIoU', 'FB-IoU'),
         options=()),
]
# The demo's budget: PANet and AE-PSL run their configs as they are; the options above cut the other configs'
# schedules to 40-67% (PSPNet: 1,000 of 1,500 iterations, 66.3 mIoU so in BENCHMARKS.md; the incremental steps
# 400 + 100).
# The ledger (tools/ledger.py, LEDGER.md) runs every config as it is, over 3 seeds.
DEMO_ARGS = ()


def demo_args(run: dict, out: Path = Path('work_dirs/demo')) -> list:
    """The train.py options a demo row adds to its config (shown in the table as run); a row run ``after``
    another takes that row's step 0 (``start_from``), as MiB's and PLOP's scripts share a step-0 checkpoint."""
    options = [*run['options'], *([f"start_from.run={out / run['after']}", 'start_from.tasks=1']
                                  if run.get('after') else [])]
    return [*DEMO_ARGS, *(['--cfg-options', *options] if options else [])]


def run_one(run: dict, data_root: Path, out: Path, threads: int) -> dict:
    """Train one demo config in a subprocess, from scratch in the demo's own folder (an earlier demo's
    run there is replaced); return its last task's metrics and the wall time."""
    work_dir = out / run['name']
    shutil.rmtree(work_dir, ignore_errors=True)
    log = out / f"{run['name']}.log"
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    print(f"demo: training {run['method']} ({run['config']}), log {log}", flush=True)
    start = time.time()
    with open(log, 'w') as f:
        command = [sys.executable, 'tools/train.py', run['config'], '--work-dir', str(work_dir), '--data-root',
                   str(data_root), *demo_args(run, out)]
        proc = subprocess.run(command, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f"demo: {run['name']} failed (exit {proc.returncode}); see {log}")
    results = json.loads((work_dir / 'results.json').read_text())
    return dict(metrics=results[-1]['metrics'], minutes=(time.time() - start) / 60)


def baseline_row(data_root: Path) -> dict:
    """mIoU / aAcc of predicting background everywhere on SynthVOC val."""
    ids = (data_root / 'ImageSets/Segmentation/val.txt').read_text().split()
    labels = (np.array(Image.open(data_root / 'SegmentationClass' / f'{i}.png')) for i in ids)
    return background_baseline(labels, CLASS_NAMES)


def table(rows: list[tuple[str, str, str, dict, str]]) -> str:
    cells = ([method, setting, ', '.join(f'{k} {format_value(v)}' for k, v in metrics.items()), minutes, config]
             for method, setting, config, metrics, minutes in rows)
    return '\n'.join(markdown_table(['method', 'setting', 'metrics (SynthVOC val)', 'time', 'config and demo options'],
                                    cells)) + '\n'


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data-root', default='data/synthvoc')
    parser.add_argument('--out', default='work_dirs/demo')
    parser.add_argument('--only', nargs='+', help='run only these demo rows (by name)')
    parser.add_argument('--jobs', type=int, default=2,
                        help='runs at a time (each with cpu_count // jobs threads; small CPU models train '
                             'faster as parallel single-thread runs than one after another)')
    args = parser.parse_args(argv)
    data_root, out = ROOT / args.data_root, ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    print(f"demo: data {generate(data_root)['status']} at {data_root}", flush=True)
    base = baseline_row(data_root)
    rows = [('all-background baseline', 'predict 0 everywhere', '-',
             dict(mIoU=base['mIoU'], aAcc=base['aAcc']), '-')]
    wanted = set(args.only or [run['name'] for run in DEMO_RUNS])
    wanted |= {run['after'] for run in DEMO_RUNS if run['name'] in wanted and run.get('after')}
    runs = [run for run in DEMO_RUNS if run['name'] in wanted]
    threads = max(1, (os.cpu_count() or 1) // args.jobs)
    start = time.time()
    futures: dict = {}

    def job(run: dict) -> dict:
        if run.get('after'):
            futures[run['after']].result()  # its step 0 first (a failure there stops the demo)
        return run_one(run, data_root, out, threads)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        # rows that wait for another are submitted after every row, so a waiting row never holds up its own
        for run in sorted(runs, key=lambda run: (bool(run.get('after')), -run.get('minutes', 1))):
            futures[run['name']] = pool.submit(job, run)
        results = [futures[run['name']].result() for run in runs]
    for run, result in zip(runs, results):
        metrics = {k: result['metrics'][k] for k in run['columns']}
        config = ' '.join([run['config'], *demo_args(run)])
        rows.append((run['method'], run['setting'], config, metrics, f"{result['minutes']:.1f} min"))
    print(f'demo: all runs took {(time.time() - start) / 60:.1f} min', flush=True)
    text = table(rows)
    atomic_write_text(out / 'results.md', text)
    print('\n' + text + f'\n(also in {out / "results.md"}; per-run logs and work dirs in {out})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
