"""What tools/train.py and tools/test.py share: their common options and the prologue around a run (trust
flag, config load, distributed init) with its one error exit."""
import argparse
import os
import sys
from typing import Any, Callable, Optional

from mmengine.config import Config

from .checkpoint import TRUST_ENV
from .config import DictAction, load_config
from .dist import init_distributed
from .errors import ClsegError, user_message

__all__ = ['add_common_options', 'run_tool']


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """--data-root, --trust-checkpoint, --cfg-options, --launcher, --debug and torchrun's --local-rank."""
    parser.add_argument('--data-root', help='override data_root of every dataset in the config')
    parser.add_argument('--trust-checkpoint', action='store_true',
                        help='fully unpickle checkpoints not written by clseg (only for trusted files)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. train_cfg.max_iters=100')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm'], default='none')
    parser.add_argument('--debug', action='store_true', help='on an error, show the full traceback')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def run_tool(args: argparse.Namespace, body: Callable[[Config], Any], **load_options: Any) -> Optional[tuple]:
    """Load ``args.config`` with the command line's overrides, start the distributed group and return
    ``(cfg, body(cfg))``; a ClsegError prints one line (the traceback only with --debug) and returns None,
    which the tool turns into exit code 2."""
    if args.trust_checkpoint:
        os.environ[TRUST_ENV] = '1'
    try:
        cfg = load_config(args.config, cfg_options=args.cfg_options, work_dir=args.work_dir,
                          data_root=args.data_root, launcher=args.launcher, **load_options)
        init_distributed(args.launcher)
        return cfg, body(cfg)
    except ClsegError as exc:
        if args.debug:
            raise
        print(f'clseg: error: {user_message(exc)}', file=sys.stderr)
        return None
