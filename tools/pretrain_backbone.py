"""Pretrain a backbone once (the offline stand-in for ImageNet weights) and write it where configs load it.

    python tools/pretrain_backbone.py [CONFIG] [--out FILE] [--data-root DIR] [--force] [--cfg-options k=v ...]

CONFIG defaults to configs/pretrain/resnet18-slim_synthvoc-attributes.py (the backbone of every CPU
config); FILE defaults to the config's ``out``. Idempotent: a file clseg wrote is kept unless --force.
"""
import argparse
import sys

from platform_core import ClsegError
from platform_core.config import DictAction, load_config
from platform_core.pretrain import DEFAULT_CONFIG, pretrain_backbone


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', nargs='?', default=DEFAULT_CONFIG)
    parser.add_argument('--out', help="weights file to write (default: the config's `out`)")
    parser.add_argument('--data-root', help='pretraining data (generated there when the config says how)')
    parser.add_argument('--work-dir', help='logs of the pretraining run (default work_dirs/<config name>)')
    parser.add_argument('--force', action='store_true', help='train again and replace --out')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. max_iters=2000')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        cfg = load_config(args.config, cfg_options=args.cfg_options, work_dir=args.work_dir,
                          data_root=args.data_root)
        out = args.out or cfg.get('out')
        if not out:
            raise ClsegError(f'{args.config} names no `out`; pass --out FILE')
        summary = pretrain_backbone(cfg, out=out, force=args.force)
    except ClsegError as err:
        print(f'pretrain_backbone: error: {err}', file=sys.stderr)
        return 2
    verb = 'already there' if summary['status'] == 'exists' else f"trained in {summary['seconds'] / 60:.1f} min"
    print(f"pretrain_backbone: {summary['out']} {verb}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
