"""overhead: what clseg costs over plain mmseg on the same model, data, schedule and threads.

Arms, each a fresh process (tools/benchmarks/overhead_child.py), run in turn A B C, B C A, C A B, ... so that
drift of a shared machine falls on every arm alike:

- ``plain``: the config converted to plain mmseg (:func:`plain_mmseg_config`: EncoderDecoder, BaseSegDataset,
  PackSegInputs, IoUMetric, OptimWrapper, mmengine's CheckpointHook), through mmengine's Runner: train, then test.
- ``clseg``: ``tools/train.py CONFIG`` as a user runs it (its CPU head-loss kernels included).
- ``clseg-mmseg-kernels``: the same with mmseg's head-loss code, so the ratio to ``plain`` is the platform's own
  cost (runner, dataset, transforms, hooks, checkpoints, reports).

Per arm and repeat: the median training iteration (mmengine's IterTimerHook, the first ``--skip`` dropped), the
whole process's wall time (imports, start-up, training, evaluation, checkpoints, reports) and its CPU time
(user + system of it and its dataloader workers). Ratios are taken within a repeat, then the median over
repeats is reported with its bootstrap 95% interval and the range. On a CPU both sides train in float32 (plain mmseg has no CPU bfloat16 wrapper);
``--amp`` (CUDA) gives both mmengine's AmpOptimWrapper.
``--profile`` adds one cProfile run of ``plain`` and ``clseg`` (main process only; the dataloader worker is not
profiled): the seconds of each phase of the run on both sides, and clseg's functions by cumulative time.
"""
import argparse
import copy
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config

CHILD = Path(__file__).with_name('overhead_child.py')
PSPNET = Path(__file__).resolve().parents[2] / 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'
ARMS = ('plain', 'clseg', 'clseg-mmseg-kernels')
# clseg type -> its plain mmseg / mmengine counterpart (the joint configs' types)
PLAIN_TYPES = {'ContinualSegmentor': 'EncoderDecoder', 'PackClsegInputs': 'PackSegInputs',
               'ClsegIoUMetric': 'IoUMetric', 'BF16OptimWrapper': 'OptimWrapper', 'SynthVOCDataset': 'BaseSegDataset'}
CLSEG_ONLY_KEYS = {'BF16OptimWrapper': ('bf16', ), 'ClsegIoUMetric': ('skip_absent', ),
                   'SynthVOCDataset': ('image_labels', 'class_filter', 'label_map', 'check_masks')}


def parse(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog='benchmark.py overhead', description=__doc__.splitlines()[0])
    p.add_argument('--config', default=str(PSPNET), help='a joint config (default: the CPU PSPNet)')
    p.add_argument('--data-root', help="override the config's data_root")
    p.add_argument('--iters', type=int, default=150, help='training iterations per run')
    p.add_argument('--skip', type=int, default=20, help='first iterations left out of the per-iteration median')
    p.add_argument('--repeats', type=int, default=4, help='runs of every arm')
    p.add_argument('--threads', type=int, default=1, help='OMP_NUM_THREADS of every run')
    p.add_argument('--profile', action='store_true', help='then profile one plain and one clseg run')
    p.add_argument('--arms', nargs='+', choices=ARMS, default=list(ARMS),
                   help="arms to run ('plain' always runs; on CUDA clseg uses mmseg's head-loss code anyway)")
    p.add_argument('--work-dir', help='keep the runs here (default: a temporary folder)')
    p.add_argument('--amp', action='store_true',
                   help="mixed precision on both sides (CUDA: mmengine's AmpOptimWrapper)")
    p.add_argument('--cfg-options', nargs='*', default=[], help='k=v overrides for both sides')
    return p.parse_args(argv)


def common_options(args: argparse.Namespace, wrapper: str) -> list:
    """Overrides both sides get: the run's length, one checkpoint at its end; clseg's CPU wrapper (``wrapper``,
    the config's optim_wrapper type) in float32 unless ``--amp``."""
    n = args.iters
    options = [f'train_cfg.max_iters={n}', f'train_cfg.val_interval={n}', f'default_hooks.checkpoint.interval={n}']
    if wrapper == 'BF16OptimWrapper' and not args.amp:
        options.append('optim_wrapper.bf16=False')
    return [*options, *args.cfg_options]


def parsed(options: list) -> dict:
    """``k=v`` strings as ``--cfg-options`` parses them."""
    from mmengine.config import DictAction
    return {key: DictAction._parse_iterable(value) for key, value in (o.split('=', 1) for o in options)}


def plain_mmseg_config(cfg: Config) -> Config:
    """``cfg`` as plain mmseg would write it: every clseg type replaced by mmseg's or mmengine's own, clseg's
    keys (``plugins``, ``scenario``, ``custom_imports``) dropped. A type without a counterpart is an error."""
    from platform_core.registry import DATASETS, config_dicts
    plain = copy.deepcopy(cfg)
    for key in ('plugins', 'scenario', 'custom_imports'):
        plain.pop(key, None)
    for node in config_dicts(plain._cfg_dict):
        kind = node.get('type')
        if kind not in PLAIN_TYPES:
            continue
        for key in CLSEG_ONLY_KEYS.get(kind, ()):
            node.pop(key, None)
        if kind == 'SynthVOCDataset':
            meta = DATASETS.get(kind).METAINFO
            node.update(metainfo=dict(classes=list(meta['classes']), palette=list(meta['palette'])),
                        img_suffix='.jpg', seg_map_suffix='.png')
        node['type'] = PLAIN_TYPES[kind]
    return plain


def run_arm(arm: str, args: argparse.Namespace, options: list, plain_config: str, work: Path, tag: str,
            profile: str = '') -> dict:
    """One run of ``arm`` in a child process: its iteration times, wall and CPU seconds."""
    out = work / f'{tag}.json'
    side = 'plain' if arm == 'plain' else 'clseg'
    config = plain_config if side == 'plain' else args.config
    cmd = [sys.executable, str(CHILD), side, config, str(work / tag), str(out)]
    if side == 'clseg':
        cmd += [*(['--mmseg-kernels'] if arm == 'clseg-mmseg-kernels' else []), *(['--amp'] if args.amp else []),
                *(['--data-root', args.data_root] if args.data_root else []), '--options', *options]
    if profile:
        cmd += ['--profile', profile]
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), MKL_NUM_THREADS=str(args.threads))
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    with open(work / f'{tag}.log', 'w') as log:
        done = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f'overhead: the {arm} run failed (exit {done.returncode}); its log: {work / tag}.log')
    times = [t for hub in json.loads(out.read_text())['iter_times'].values() for t in hub]
    if len(times) <= args.skip:
        raise RuntimeError(f'overhead: the {arm} run logged {len(times)} iterations, not more than --skip {args.skip}')
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return dict(arm=arm, iter_s=statistics.median(times[args.skip:]), wall_s=wall, cpu_s=cpu, iters=len(times))


def ratios(runs: list, key: str, arms: tuple) -> dict:
    """Per arm: the median over repeats of run / plain run of the same repeat, with the range and a bootstrap 95%
    interval of that median (how well the repeats pin it down)."""
    out = {}
    for arm in arms[1:]:
        values = [r[arm][key] / r['plain'][key] for r in runs]
        low, high = bootstrap_interval(values)
        out[arm] = dict(median=round(statistics.median(values), 4), min=round(min(values), 4),
                        max=round(max(values), 4), ci95=[round(low, 4), round(high, 4)])
    return out


def bootstrap_interval(values: list, resamples: int = 2000) -> tuple[float, float]:
    """2.5th and 97.5th percentiles of the median of ``values`` resampled with replacement (seeded)."""
    rng = np.random.default_rng(0)
    medians = np.median(rng.choice(np.asarray(values), size=(resamples, len(values))), axis=1)
    return float(np.percentile(medians, 2.5)), float(np.percentile(medians, 97.5))


# (label, file path ending, function): mmengine's phases of a run, found by name in both profiles
PHASES = (('build the Runner', 'mmengine/runner/runner.py', 'from_cfg'),
          ('train (loop, hooks, checkpoints)', 'mmengine/runner/runner.py', 'train'),
          ('  of which training iterations', 'mmengine/runner/loops.py', 'run_iter'),
          ('  of which checkpoint writes', 'mmengine/runner/runner.py', 'save_checkpoint'),
          ('test (evaluation)', 'mmengine/runner/runner.py', 'test'))


def phase_seconds(stats: dict) -> dict:
    """Cumulative seconds of each of :data:`PHASES` (0 where not called), and the rest of the run (imports,
    configs, clseg's results and reports)."""
    total = max(entry[3] for entry in stats.values())
    out = {label: 0.0 for label, _, _ in PHASES}
    for (filename, _, name), (_, _, _, cum, _) in stats.items():
        for label, ending, function in PHASES:
            if name == function and filename.replace(os.sep, '/').endswith(ending):
                out[label] = max(out[label], cum)
    top = [label for label in out if not label.startswith(' ')]
    out['everything else (imports, config, results)'] = total - sum(out[label] for label in top)
    out['whole run'] = total
    return {label: round(value, 2) for label, value in out.items()}


def profile_tables(plain: str, clseg: str, top: int = 15) -> dict:
    """The phases of both runs, and clseg's functions by cumulative seconds (those under half the run, i.e. not
    the drivers that hold the whole training)."""
    phases = {side: phase_seconds(pstats.Stats(path).stats) for side, path in (('plain', plain), ('clseg', clseg))}
    stats = pstats.Stats(clseg).stats
    total = max(entry[3] for entry in stats.values())
    here = Path.cwd()
    own = [(cum, f'{Path(f).relative_to(here) if Path(f).is_relative_to(here) else f}:{line}({name})', calls)
           for (f, line, name), (calls, _, _, cum, _) in stats.items() if is_clseg(f) and cum < total / 2]
    own.sort(reverse=True)
    return dict(phases_s=phases,
                clseg_cumulative_s=[dict(function=fn, calls=calls, s=round(cum, 3)) for cum, fn, calls in own[:top]])


def is_clseg(filename: str) -> bool:
    return any(mark in filename.replace(os.sep, '/') for mark in ('/platform_core/', '/plugins/', '/tools/'))


def markdown(result: dict) -> str:
    """The ratios table, each arm's median seconds, and the profiled phases when there are some."""
    lines = ['| arm | per-iteration ratio | whole-run wall ratio | whole-run CPU ratio |', '|---|---|---|---|']
    for arm in result['arms'][1:]:
        cells = [f"{r[arm]['median']:.3f} (95% {r[arm]['ci95'][0]:.3f}-{r[arm]['ci95'][1]:.3f}; range "
                 f"{r[arm]['min']:.3f}-{r[arm]['max']:.3f})"
                 for r in (result['iter_ratio'], result['wall_ratio'], result['cpu_ratio'])]
        lines.append(f'| {arm} / plain | ' + ' | '.join(cells) + ' |')
    lines += ['', '| arm | s/iteration | whole-run wall s | whole-run CPU s |', '|---|---|---|---|']
    for arm in result['arms']:
        med = [statistics.median(run[arm][key] for run in result['runs']) for key in ('iter_s', 'wall_s', 'cpu_s')]
        lines.append(f'| {arm} | {med[0]:.4f} | {med[1]:.1f} | {med[2]:.1f} |')
    phases = result.get('profile', {}).get('phases_s')
    if phases:
        lines += ['', '| phase (profiled run, s) | plain | clseg |', '|---|---|---|']
        lines += [f"| {label} | {phases['plain'][label]} | {phases['clseg'][label]} |" for label in phases['plain']]
    return '\n'.join(lines)


def overhead(argv: list) -> dict:
    args = parse(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work_dir or tmp)
        if work.is_dir() and any(work.iterdir()):
            raise SystemExit(f'benchmark.py overhead: --work-dir {work} is not empty: clseg refuses to train over an '
                             'earlier run; pass a new folder.')
        work.mkdir(parents=True, exist_ok=True)
        from platform_core.config import enable_amp, load_config
        options = common_options(args, Config.fromfile(args.config).optim_wrapper.type)
        cfg = load_config(args.config, cfg_options=parsed(options), data_root=args.data_root)
        plain = plain_mmseg_config(cfg)
        if args.amp:
            if not torch.cuda.is_available():
                raise SystemExit('benchmark.py overhead: --amp compares CUDA runs (plain mmseg has no CPU bfloat16 '
                                 'wrapper); on a CPU both sides train in float32.')
            enable_amp(plain.optim_wrapper)  # CUDA: mmengine's AmpOptimWrapper, as tools/train.py --amp
        plain_config = str(work / 'plain_config.py')
        plain.dump(plain_config)
        runs, arms = [], ('plain', *(arm for arm in ARMS[1:] if arm in args.arms))
        for repeat in range(args.repeats):
            order = arms[repeat % len(arms):] + arms[:repeat % len(arms)]
            runs.append({arm: run_arm(arm, args, options, plain_config, work, f'{arm}-{repeat}') for arm in order})
            print(json.dumps(runs[-1]), flush=True)
        result = dict(benchmark='overhead', config=args.config, iters=args.iters, threads=args.threads,
                      repeats=args.repeats, arms=arms, runs=runs, iter_ratio=ratios(runs, 'iter_s', arms),
                      wall_ratio=ratios(runs, 'wall_s', arms), cpu_ratio=ratios(runs, 'cpu_s', arms))
        if args.profile:
            paths = {arm: str(work / f'{arm}.prof') for arm in ('plain', 'clseg')}
            for arm, path in paths.items():
                run_arm(arm, args, options, plain_config, work, f'{arm}-profiled', profile=path)
            result['profile'] = profile_tables(paths['plain'], paths['clseg'])
    print(json.dumps({k: v for k, v in result.items() if k != 'runs'}, indent=1))
    print(markdown(result))
    return result
