"""Train a clseg config: every task of its scenario, through mmengine Runners.

    python tools/train.py CONFIG [--work-dir DIR] [--resume] [--amp] [--tensorboard] [--cfg-options k=v ...]
    torchrun --nproc_per_node=2 tools/train.py CONFIG --launcher pytorch
"""
import argparse
import json
import os
import sys

from platform_core import ContinualRunner
from platform_core.cli import add_common_options, run_tool
from platform_core.dist import get_dist_info


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train every task of a clseg config.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('--work-dir', help='where checkpoints, logs, state.json and results go')
    parser.add_argument('--resume', action='store_true',
                        help='continue the run in work-dir at the task and iteration where it stopped')
    parser.add_argument('--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument('--tensorboard', action='store_true',
                        help='log to TensorBoard too: training scalars per task, every evaluation in WORK_DIR/vis_data')
    add_common_options(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    ran = run_tool(args, lambda cfg: ContinualRunner(cfg, resume=args.resume).run(), amp=args.amp,
                   tensorboard=args.tensorboard)
    if ran is None:
        return 2
    cfg, results = ran
    rank, world = get_dist_info()
    final = {k: v for k, v in results[-1]['metrics'].items() if not isinstance(v, dict)} if results else {}
    print(f'clseg: rank {rank}/{world} final metrics: {json.dumps(final, sort_keys=True)}')
    if rank == 0:
        print(f'clseg: results in {os.path.join(cfg.work_dir, "results.md")}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
