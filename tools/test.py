"""Evaluate a checkpoint on a clseg config's evaluation set (the last task's, or --task T).

    python tools/test.py CONFIG CHECKPOINT [--task T] [--work-dir DIR] [--cfg-options k=v ...]
"""
import argparse
import json
import os
import sys

from platform_core import ClsegError, ContinualRunner
from platform_core.errors import user_message
from platform_core.checkpoint import TRUST_ENV
from platform_core.config import DictAction, load_config
from platform_core.dist import get_dist_info, init_distributed
from platform_core.fileio import atomic_write_json


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Evaluate a checkpoint with a clseg config.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--task', type=int, default=-1, help='task whose evaluation set to use (default: last)')
    parser.add_argument('--work-dir', help='where logs and test_metrics.json go')
    parser.add_argument('--data-root', help='override data_root of every dataset in the config')
    parser.add_argument('--trust-checkpoint', action='store_true',
                        help='fully unpickle a checkpoint not written by clseg (only for trusted files)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, help='override config keys')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm'], default='none')
    parser.add_argument('--debug', action='store_true', help='on an error, show the full traceback')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.trust_checkpoint:
        os.environ[TRUST_ENV] = '1'
    try:
        cfg = load_config(args.config, cfg_options=args.cfg_options, work_dir=args.work_dir,
                          data_root=args.data_root, launcher=args.launcher)
        init_distributed(args.launcher)
        metrics = ContinualRunner(cfg).test(args.checkpoint, task_index=args.task)
    except ClsegError as exc:
        if args.debug:
            raise
        print(f'clseg: error: {user_message(exc)}', file=sys.stderr)
        return 2
    if get_dist_info()[0] == 0:
        atomic_write_json(os.path.join(cfg.work_dir, 'test_metrics.json'), metrics)
        scalars = {k: v for k, v in metrics.items() if not isinstance(v, dict)}
        print(f'clseg: test metrics: {json.dumps(scalars, sort_keys=True)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
