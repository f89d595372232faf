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
from mmengine.config import Config
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from platform_core.data.synthvoc import CLASS_NAMES, generate  # noqa: E402
from platform_core.evaluation import background_baseline  # noqa: E402
from platform_core.fileio import atomic_write_text  # noqa: E402
from platform_core.pretrain import DEFAULT_CONFIG as PRETRAIN_CONFIG  # noqa: E402

# One row per method: the config it runs and the metrics of its last task shown in the table.
DEMO_RUNS = [  # longest first: runs go two at a time
    dict(name='aepsl', method='AE-PSL', setting='weak: image labels + saliency (3 erasing rounds + PSL)',
         config='configs/aepsl/aepsl_r18_synthvoc.py', columns=('mIoU', 'aAcc'),
         options=('train_cfg.max_iters=600', 'train_cfg.val_interval=600', 'param_scheduler.0.end=600',
                  'default_hooks.checkpoint.interval=300', 'model.psl_start_iter=300')),
    dict(name='sign', method='SIGN',
         setting='generalized zero-shot, 15 seen / 5 unseen, attribute embeddings (S / U / hIoU)',
         config='configs/sign/sign_r18_synthvoc-15-5-unseen.py', columns=('mIoU_seen', 'mIoU_unseen', 'hIoU'),
         options=('train_cfg.stages.0.iters=600', 'train_cfg.stages.1.iters=600', 'train_cfg.stages.2.iters=200')),
    dict(name='wilson', method='WILSON', setting='15-5 overlap, step 1 from image labels (old / new / all)',
         config='configs/wilson/wilson_r18_synthvoc-15-5-overlap.py', columns=('old', 'new', 'all'),
         options=('scenario.train_iters=[500,200]', )),
    dict(name='pspnet', method='PSPNet', setting='joint (fully supervised)',
         config='configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', columns=('mIoU', 'aAcc'),
         options=('train_cfg.max_iters=600', 'train_cfg.val_interval=600', 'param_scheduler.0.end=600')),
    dict(name='panet', method='PANet', setting='few-shot PASCAL-5i fold 0, 1-way 1-shot (2 x 200 test episodes)',
         config='configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py', columns=('mIoU', 'FB-IoU'), options=(),
         from_scratch=True),  # runs while the backbone is pretrained
]
# The demo's budget: bfloat16 autocast (--amp) and the shorter schedules in `options` above, so that
# backbone pretraining plus every row fit in 15 minutes on 2 cores. The plugin READMEs report the configs'
# full schedules in float32.
DEMO_ARGS = ('--amp', )


def demo_args(run: dict) -> list:
    """The train.py options a demo row adds to its config (shown in the table as run)."""
    return [*DEMO_ARGS, *(['--cfg-options', *run['options']] if run['options'] else [])]


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
                   str(data_root), *demo_args(run)]
        proc = subprocess.run(command, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f"demo: {run['name']} failed (exit {proc.returncode}); see {log}")
    results = json.loads((work_dir / 'results.json').read_text())
    return dict(metrics=results[-1]['metrics'], minutes=(time.time() - start) / 60)


def pretrain(out: Path) -> str:
    """Make the CPU configs' backbone weights once (tools/pretrain_backbone.py); returns the minutes it
    took, or '-' when the file was already there."""
    start, existed = time.time(), (ROOT / Config.fromfile(str(ROOT / PRETRAIN_CONFIG)).out).is_file()
    log = out / 'pretrain.log'
    print(f'demo: backbone weights (tools/pretrain_backbone.py, made once), log {log}', flush=True)
    with open(log, 'w') as f:
        proc = subprocess.run([sys.executable, 'tools/pretrain_backbone.py', PRETRAIN_CONFIG], cwd=ROOT, stdout=f,
                              stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise SystemExit(f'demo: backbone pretraining failed (exit {proc.returncode}); see {log}')
    return '-' if existed else f'{(time.time() - start) / 60:.1f} min'


def baseline_row(data_root: Path) -> dict:
    """mIoU / aAcc of predicting background everywhere on SynthVOC val."""
    ids = (data_root / 'ImageSets/Segmentation/val.txt').read_text().split()
    labels = (np.array(Image.open(data_root / 'SegmentationClass' / f'{i}.png')) for i in ids)
    return background_baseline(labels, CLASS_NAMES)


def table(rows: list[tuple[str, str, str, dict, str]]) -> str:
    lines = ['| method | setting | metrics (SynthVOC val) | time | config and demo options |', '|---|---|---|---|---|']
    for method, setting, config, metrics, minutes in rows:
        shown = ', '.join(f'{k} {v:.2f}' for k, v in metrics.items())
        lines.append(f'| {method} | {setting} | {shown} | {minutes} | {config} |')
    return '\n'.join(lines) + '\n'


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
    runs = [run for run in DEMO_RUNS if not args.only or run['name'] in args.only]
    threads = max(1, (os.cpu_count() or 1) // args.jobs)
    start = time.time()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        # rows that start from scratch run beside the pretraining; the others wait for its weights
        early = {run['name']: pool.submit(run_one, run, data_root, out, threads)
                 for run in runs if run.get('from_scratch')}
        pretrain_minutes = pretrain(out) if any(not run.get('from_scratch') for run in runs) else '-'
        late = {run['name']: pool.submit(run_one, run, data_root, out, threads)
                for run in runs if not run.get('from_scratch')}
        results = [{**early, **late}[run['name']].result() for run in runs]
    for run, result in zip(runs, results):
        metrics = {k: result['metrics'][k] for k in run['columns']}
        config = ' '.join([run['config'], *demo_args(run)])
        rows.append((run['method'], run['setting'], config, metrics, f"{result['minutes']:.1f} min"))
    print(f'demo: all runs took {(time.time() - start) / 60:.1f} min', flush=True)
    text = table(rows) + (f'\nBackbone pretraining (once per machine; the rows that need it waited for it): '
                          f'{pretrain_minutes}.\n'
                          if pretrain_minutes != '-' else '')
    atomic_write_text(out / 'results.md', text)
    print('\n' + text + f'\n(also in {out / "results.md"}; per-run logs and work dirs in {out})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
