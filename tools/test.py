"""Evaluate a checkpoint on a clseg config's evaluation set (the last task's, or --task T).

    python tools/test.py CONFIG CHECKPOINT [--task T] [--work-dir DIR] [--cfg-options k=v ...]
"""
import argparse
import json
import os
import sys

from platform_core import ContinualRunner
from platform_core.cli import add_common_options, run_tool
from platform_core.dist import get_dist_info
from platform_core.fileio import atomic_write_json


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Evaluate a checkpoint with a clseg config.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--task', type=int, default=-1, help='task whose evaluation set to use (default: last)')
    parser.add_argument('--work-dir', help='where logs and test_metrics.json go')
    add_common_options(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    ran = run_tool(args, lambda cfg: ContinualRunner(cfg).test(args.checkpoint, task_index=args.task))
    if ran is None:
        return 2
    cfg, metrics = ran
    if get_dist_info()[0] == 0:
        atomic_write_json(os.path.join(cfg.work_dir, 'test_metrics.json'), metrics)
        scalars = {k: v for k, v in metrics.items() if not isinstance(v, dict)}
        print(f'clseg: test metrics: {json.dumps(scalars, sort_keys=True)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
