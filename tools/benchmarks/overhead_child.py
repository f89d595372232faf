"""One run of the ``overhead`` benchmark, in its own process (tools/benchmarks/overhead.py starts it):

    python tools/benchmarks/overhead_child.py plain CONFIG WORK_DIR OUT_JSON [--profile FILE]
    python tools/benchmarks/overhead_child.py clseg CONFIG WORK_DIR OUT_JSON [--mmseg-kernels] [--amp]
        [--data-root DIR] [--options k=v ...]

``plain``: mmengine's Runner on a plain mmseg config (``train()`` then ``test()``, as clseg's runner does a task);
nothing of clseg is imported, which the run checks at its end. ``clseg``: ``tools/train.py`` as a user runs it;
``--mmseg-kernels`` puts mmseg's head-loss code back in place of clseg's CPU kernels (platform_core/models/
head_loss.py), so that what remains is the platform's own cost. OUT_JSON receives every training iteration's time
(mmengine's IterTimerHook), per runner, and the peak GPU memory; the parent times the whole process.
"""
import argparse
import cProfile
import json
import runpy
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
CLSEG_PACKAGES = ('platform_core', 'plugins')


def plain_run(config: str, work_dir: str) -> None:
    from mmengine.config import Config
    from mmengine.runner import Runner
    from mmseg.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    cfg = Config.fromfile(config)
    cfg.work_dir = work_dir
    runner = Runner.from_cfg(cfg)
    runner.train()
    runner.test()
    leaked = sorted(name for name in sys.modules if name.split('.')[0] in CLSEG_PACKAGES)
    if leaked:
        raise RuntimeError(f'the plain mmseg run imported clseg modules: {leaked[:5]}')


def clseg_run(config: str, work_dir: str, options: list, mmseg_kernels: bool, data_root: str = '',
              amp: bool = False) -> None:
    if mmseg_kernels:
        import platform_core.models.segmentor as segmentor
        segmentor.head_loss = lambda head, inputs, samples, train_cfg: head.loss(inputs, samples, train_cfg)
    sys.argv = [str(TOOLS / 'train.py'), config, '--work-dir', work_dir,
                *(['--data-root', data_root] if data_root else []),
                *(['--amp'] if amp else []),
                *(['--cfg-options', *options] if options else [])]
    try:
        runpy.run_path(sys.argv[0], run_name='__main__')
    except SystemExit as stop:
        if stop.code:
            raise


def iteration_times() -> dict:
    """Every training iteration's seconds, per runner this process built (its message hub's name: a clseg task's
    starts with ``task<index>_``)."""
    from mmengine.logging import MessageHub
    return {name: hub.log_scalars['train/time'].data[0].tolist()
            for name, hub in MessageHub._instance_dict.items() if 'train/time' in hub.log_scalars}


def peak_mib():
    """The run's peak GPU memory allocated by torch (None without CUDA)."""
    import torch
    return round(torch.cuda.max_memory_allocated() / 2**20, 1) if torch.cuda.is_available() else None


def main(argv: list) -> None:
    p = argparse.ArgumentParser(prog='overhead_child.py')
    p.add_argument('side', choices=('plain', 'clseg'))
    p.add_argument('config')
    p.add_argument('work_dir')
    p.add_argument('out')
    p.add_argument('--profile', help='write cProfile statistics of the whole run here')
    p.add_argument('--mmseg-kernels', action='store_true')
    p.add_argument('--data-root', default='')
    p.add_argument('--amp', action='store_true', help="clseg: tools/train.py --amp (plain: set in its config)")
    p.add_argument('--options', nargs='*', default=[])
    args = p.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    if args.side == 'plain':
        plain_run(args.config, args.work_dir)
    else:
        clseg_run(args.config, args.work_dir, args.options, args.mmseg_kernels, args.data_root, args.amp)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    Path(args.out).write_text(json.dumps(dict(iter_times=iteration_times(), peak_mib=peak_mib())))


if __name__ == '__main__':
    main(sys.argv[1:])
