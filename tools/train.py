"""Train a clseg config: every task of its scenario, through mmengine Runners.

    python tools/train.py CONFIG [--work-dir DIR] [--resume] [--amp] [--cfg-options k=v ...]
    torchrun --nproc_per_node=2 tools/train.py CONFIG --launcher pytorch
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


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train every task of a clseg config.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('--work-dir', help='where checkpoints, logs, state.json and results go')
    parser.add_argument('--data-root', help='override data_root of every dataset in the config')
    parser.add_argument('--resume', action='store_true',
                        help='continue the run in work-dir at the task and iteration where it stopped')
    parser.add_argument('--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument('--trust-checkpoint', action='store_true',
                        help='fully unpickle checkpoints not written by clseg (only for trusted files)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. train_cfg.max_iters=100')
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
                          data_root=args.data_root, launcher=args.launcher, amp=args.amp)
        init_distributed(args.launcher)
        results = ContinualRunner(cfg, resume=args.resume).run()
    except ClsegError as exc:
        if args.debug:
            raise
        print(f'clseg: error: {user_message(exc)}', file=sys.stderr)
        return 2
    rank, world = get_dist_info()
    final = {k: v for k, v in results[-1]['metrics'].items() if not isinstance(v, dict)} if results else {}
    print(f'clseg: rank {rank}/{world} final metrics: {json.dumps(final, sort_keys=True)}')
    if rank == 0:
        print(f'clseg: results in {os.path.join(cfg.work_dir, "results.md")}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
