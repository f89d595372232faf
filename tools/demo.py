"""`make demo`: generate SynthVOC, train and evaluate every demo method through the platform, and print
one results table (also written to work_dirs/demo/results.md).

    python tools/demo.py [--data-root data/synthvoc] [--only NAME ...]
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from platform_core.data.synthvoc import CLASS_NAMES, generate  # noqa: E402
from platform_core.evaluation import background_baseline  # noqa: E402
from platform_core.fileio import atomic_write_text  # noqa: E402

# One row per method: the config it runs and the metrics of its last task shown in the table.
DEMO_RUNS = [
    dict(name='pspnet', method='PSPNet', setting='joint (fully supervised)',
         config='configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', columns=('mIoU', 'aAcc')),
]


def run_one(run: dict, data_root: Path, out: Path) -> dict:
    """Train one demo config in a subprocess; return its last task's metrics and the wall time."""
    work_dir = out / run['name']
    log = out / f"{run['name']}.log"
    start = time.time()
    with open(log, 'w') as f:
        proc = subprocess.run([sys.executable, 'tools/train.py', run['config'], '--work-dir', str(work_dir),
                               '--data-root', str(data_root)], cwd=ROOT, stdout=f, stderr=subprocess.STDOUT)
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
    lines = ['| method | setting | metrics (SynthVOC val) | time | config |', '|---|---|---|---|---|']
    for method, setting, config, metrics, minutes in rows:
        shown = ', '.join(f'{k} {v:.2f}' for k, v in metrics.items())
        lines.append(f'| {method} | {setting} | {shown} | {minutes} | {config} |')
    return '\n'.join(lines) + '\n'


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data-root', default='data/synthvoc')
    parser.add_argument('--out', default='work_dirs/demo')
    parser.add_argument('--only', nargs='+', help='run only these demo rows (by name)')
    args = parser.parse_args(argv)
    data_root, out = ROOT / args.data_root, ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    print(f"demo: data {generate(data_root)['status']} at {data_root}", flush=True)
    base = baseline_row(data_root)
    rows = [('all-background baseline', 'predict 0 everywhere', '-',
             dict(mIoU=base['mIoU'], aAcc=base['aAcc']), '-')]
    for run in DEMO_RUNS:
        if args.only and run['name'] not in args.only:
            continue
        print(f"demo: training {run['method']} ({run['config']}) ...", flush=True)
        result = run_one(run, data_root, out)
        metrics = {k: result['metrics'][k] for k in run['columns']}
        rows.append((run['method'], run['setting'], run['config'], metrics, f"{result['minutes']:.1f} min"))
    text = table(rows)
    atomic_write_text(out / 'results.md', text)
    print('\n' + text + f'\n(also in {out / "results.md"}; per-run logs and work dirs in {out})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
