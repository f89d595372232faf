"""Evaluate a checkpoint on a clseg config's evaluation set (the last task's, or --task T).

    python tools/test.py CONFIG CHECKPOINT [--task T] [--work-dir DIR] [--show-dir DIR] [--out DIR] [--tta]
                         [--cfg-options k=v ...]
"""
import argparse
import json
import os
import sys

from platform_core import ContinualRunner
from platform_core.cli import add_common_options, run_tool
from platform_core.config import save_predictions, show_predictions
from platform_core.dist import get_dist_info
from platform_core.fileio import atomic_write_json


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Evaluate a checkpoint with a clseg config.')
    parser.add_argument('config', help='config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--task', type=int, default=-1, help='task whose evaluation set to use (default: last)')
    parser.add_argument('--work-dir', help='where logs and test_metrics.json go')
    parser.add_argument('--show-dir', help='draw every test image with ground truth and prediction here '
                                           '(mmseg\'s SegVisualizationHook: DIR/vis_data/vis_image/)')
    parser.add_argument('--out', help='save every prediction as a label PNG here (DIR/<image id>.png, VOC palette)')
    parser.add_argument('--tta', action='store_true', help="mmseg's flip test-time augmentation (SegTTAModel)")
    add_common_options(parser)
    return parser.parse_args(argv)


def evaluate(cfg, args: argparse.Namespace) -> dict:
    """The checkpoint's metrics on the task's evaluation set, drawing or saving predictions as asked."""
    if args.show_dir:
        show_predictions(cfg, args.show_dir)
    if args.out:
        save_predictions(cfg, args.out)
    return ContinualRunner(cfg).test(args.checkpoint, task_index=args.task, tta=args.tta)


def main(argv=None) -> int:
    args = parse_args(argv)
    ran = run_tool(args, lambda cfg: evaluate(cfg, args))
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
