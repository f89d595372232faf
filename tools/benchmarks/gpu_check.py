"""gpu-check: every method's real-size config, a short mixed-precision training each on 512-px SynthVOC, on a GPU.

``tools/gpu_check.sh`` prepares the machine (packages, mmcv's CUDA ops, the data) and runs this. The plan
(:data:`PLAN`) names each method's real-size config and the overrides that point it at SynthVOC (datasets,
class embeddings, no ImageNet weights: none are downloaded) and cut it to ``--iters`` iterations a task. Per run:
median s/iteration of the measured task (mmengine's IterTimerHook, first ``--skip`` dropped), images/s, peak GPU
memory (``torch.cuda.max_memory_allocated``). Then, for PSPNet R50: MFU (model FLOPs of a training iteration,
counted by ``torch.utils.flop_counter``, per second, over the GPU's bfloat16 matmul peak measured here) and the
ratio to plain mmseg (the ``overhead`` benchmark on the same config); and PANet's episodic test throughput (the
``panet-episodic-eval`` benchmark, VGG16 at 417 px). ``--dry-run`` (no GPU needed) builds the plan and checks
every entry: its config loads with its overrides, its model builds, its datasets index the given data root.
"""
import argparse
import json
import statistics
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VOC_SPLITS = dict(train='ImageSets/Segmentation/train.txt', val='ImageSets/Segmentation/val.txt')


def synthvoc(loader: str, split: str, nested: bool = False) -> tuple:
    """Overrides that point ``loader``'s dataset (an episodic wrapper's inner one when ``nested``) at SynthVOC."""
    key = f'{loader}.dataset.dataset' if nested else f'{loader}.dataset'
    return (f'{key}.type=SynthVOCDataset', f'{key}.ann_file={VOC_SPLITS[split]}',
            f'{key}.data_prefix.seg_map_path=SegmentationClass')


DATA = (*synthvoc('train_dataloader', 'train'), *synthvoc('test_dataloader', 'val'))
EPISODES = (*synthvoc('train_dataloader', 'train', nested=True), *synthvoc('test_dataloader', 'val', nested=True))
ZERO_SHOT = ('scenario.dataset=synthvoc', 'scenario.unseen=[16,17,18,19,20]', 'model.embed_dim=9',
             'model.embeddings.type=SynthVOCAttributeEmbeddings', 'model.embeddings.path=attributes.npy')


def joint(n: int) -> tuple:
    return f'train_cfg.max_iters={n}', f'train_cfg.val_interval={n}', f'default_hooks.checkpoint.interval={n}'


def steps(n: int) -> tuple:
    return 'scenario.train_epochs=None', f'scenario.train_iters=[{n},{n}]'


# name -> (config, overrides for n iterations a task, measured task, images per sample)
PLAN = {
    'PSPNet R50': ('configs/pspnet/pspnet_r50-d8_voc12aug-512x512-20k-joint.py',
                   lambda n: (*DATA, 'model.pretrained=None', *joint(n)), 0, 1),
    'MiB R101': ('configs/mib/mib_r101-d16_voc12aug-15-5-overlap.py',
                 lambda n: (*DATA, 'model.pretrained=None', *steps(n)), 1, 1),
    'PLOP R101': ('configs/plop/plop_r101-d16_voc12aug-15-5-overlap.py',
                  lambda n: (*DATA, 'model.pretrained=None', *steps(n)), 1, 1),
    'WILSON R101': ('configs/wilson/wilson_r101-d16_voc12aug-15-5-overlap.py',
                    lambda n: (*DATA, 'model.pretrained=None', *steps(n)), 1, 1),
    'AE-PSL R50': ('configs/aepsl/aepsl_r50-d8_voc12aug-512x512-20k.py',
                   lambda n: (*DATA, 'model.pretrained=None', 'model.classifier.pretrained=None',
                              'scenario.image_labels=image_labels.json', f'aepsl.round_iters={n}',
                              'aepsl.report_gt=False', 'aepsl.grid_images=0', *joint(n)), 3, 1),
    'ZS3Net R101': ('configs/zs3/zs3_r101-d8_voc12aug-zs3-2.py',
                    lambda n: (*DATA, *ZERO_SHOT, 'model.pretrained=None', f'train_cfg.max_iters={3 * n}'), 0, 1),
    'SIGN R101': ('configs/sign/sign_r101-d8_voc12aug-15-5-unseen.py',
                  lambda n: (*DATA, *ZERO_SHOT, 'model.pretrained=None', f'train_cfg.max_iters={4 * n}'), 0, 1),
    'PANet VGG16': ('configs/panet/panet_vgg16_voc12aug-5i-fold0_1shot-417x417-30k.py',
                    lambda n: (*EPISODES, 'model.pretrained=None', *joint(n), 'scenario.test_runs=1',
                               'scenario.test_episodes=100'), 0, 2),
}
PSPNET = 'PSPNet R50'


def parse(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog='benchmark.py gpu-check', description=__doc__.splitlines()[0])
    p.add_argument('--data-root', default='data/synthvoc512', help='SynthVOC made with make_synthetic.py --size 512')
    p.add_argument('--iters', type=int, default=40, help='training iterations of every task')
    p.add_argument('--skip', type=int, default=10, help='first iterations left out of the median')
    p.add_argument('--only', nargs='*', help='plan entries to run (names as in the plan)')
    p.add_argument('--out', default='work_dirs/gpu_check', help='runs, logs and gpu_check.json / .md go here')
    p.add_argument('--dry-run', action='store_true', help='check the plan on any machine: configs, models, data')
    p.add_argument('--no-extras', action='store_true', help='skip the plain-mmseg ratio and the PANet test throughput')
    return p.parse_args(argv)


def entries(args: argparse.Namespace) -> dict:
    """The plan entries to run, each with its overrides for ``--iters``."""
    unknown = set(args.only or ()) - set(PLAN)
    if unknown:
        raise SystemExit(f'gpu-check: unknown plan entries {sorted(unknown)}; known: {sorted(PLAN)}')
    return {name: (str(ROOT / config), options(args.iters), task, per_sample)
            for name, (config, options, task, per_sample) in PLAN.items() if not args.only or name in args.only}


def check_entry(config: str, options: tuple, data_root: str) -> dict:
    """Load ``config`` with ``options``, build its model and every dataset of its first task: what a run would do
    before training, on any machine."""
    from platform_core import ContinualRunner
    from platform_core.registry import DATASETS, MODELS
    with tempfile.TemporaryDirectory() as work_dir:
        runner = ContinualRunner(loaded(config, options, data_root, work_dir=work_dir))
        task_cfg = runner.task_config(runner.tasks[0])
        model = MODELS.build(task_cfg.model)
    sizes = {name: len(DATASETS.build(task_cfg[name].dataset)) for name in ('train_dataloader', 'test_dataloader')
             if task_cfg.get(name)}
    return dict(tasks=len(runner.tasks), parameters_m=round(sum(p.numel() for p in model.parameters()) / 1e6, 1),
                **{f'{name.split("_")[0]}_items': n for name, n in sizes.items()})


def run_entry(name: str, plan: tuple, args: argparse.Namespace, out: Path) -> dict:
    """Train one plan entry with ``--amp`` in a child process; its measured task's speed and peak memory (a failed
    run is a row with its error, so the others still run)."""
    from benchmarks.throughput import train_in_child
    config, options, task, per_sample = plan
    try:
        run = train_in_child(config, options, out / name.replace(' ', '_'), data_root=args.data_root, amp=True)
    except RuntimeError as exc:
        return dict(name=name, error=str(exc))
    s_iter = statistics.median(run['tasks'][task][args.skip:])
    batch = loaded(config, options, args.data_root).train_dataloader.batch_size
    return dict(name=name, config=str(Path(config).relative_to(ROOT)), task=task, batch=batch,
                s_per_iter=round(s_iter, 4), images_per_s=round(batch * per_sample / s_iter, 1),
                peak_mib=run['peak_mib'], run_wall_s=round(run['wall_s'], 1))


def loaded(config: str, options: tuple, data_root: str, **kwargs):
    """``config`` as ``tools/train.py --data-root DATA_ROOT --cfg-options OPTIONS`` loads it."""
    from benchmarks.overhead import parsed
    from platform_core.config import load_config
    return load_config(config, data_root=data_root, cfg_options=parsed(list(options)), **kwargs)


def pspnet_mfu(plan: tuple, row: dict, args: argparse.Namespace) -> dict:
    """Model FLOPs per second of PSPNet R50's training iteration over the GPU's measured bfloat16 matmul peak."""
    import torch

    from benchmarks.throughput import matmul_gflops, train_flops
    config, options = plan[:2]
    cfg = loaded(config, options, args.data_root)
    cfg.model.backbone.norm_cfg = cfg.model.decode_head.norm_cfg = dict(type='BN', requires_grad=True)
    if cfg.model.get('auxiliary_head'):
        cfg.model.auxiliary_head.norm_cfg = dict(type='BN', requires_grad=True)
    flops = train_flops(cfg, row['batch'], size=512, device='cuda')
    peak = matmul_gflops(torch.bfloat16, n=8192, device='cuda')
    achieved = flops / 1e9 / row['s_per_iter']
    return dict(gflop_per_iter=round(flops / 1e9, 1), achieved_tflops=round(achieved / 1e3, 1),
                matmul_peak_tflops_bf16=round(peak / 1e3, 1), mfu=round(achieved / peak, 3))


def extras(plan: dict, rows: list, args: argparse.Namespace, out: Path) -> dict:
    """PSPNet R50's MFU and ratio to plain mmseg; PANet's episodic test throughput."""
    from platform_core.benchmarks import BENCHMARKS
    found = {}
    psp = next((r for r in rows if r['name'] == PSPNET and 'error' not in r), None)
    if psp:
        found['pspnet_mfu'] = pspnet_mfu(plan[PSPNET], psp, args)
        config, options = plan[PSPNET][:2]
        found['pspnet_vs_plain_mmseg'] = BENCHMARKS['overhead'][0](
            ['--config', config, '--data-root', args.data_root, '--iters', str(args.iters + args.skip), '--skip',
             str(args.skip), '--repeats', '2', '--amp', '--threads', '4', '--work-dir', str(out / 'overhead'),
             '--arms', 'plain', 'clseg',
             '--cfg-options', *[o for o in options if not o.startswith(('train_cfg.', 'default_hooks.'))]])
    found['panet_episodic_eval'] = BENCHMARKS['panet-episodic-eval'][0](
        ['--data-root', args.data_root, '--backbone', 'vgg16', '--size', '417', '--runs', '1', '--episodes', '1000',
         '--batch', '16', '--device', 'cuda'])
    return found


def gpu_check(argv: list) -> dict:
    args = parse(argv)
    plan = entries(args)
    if args.dry_run:
        checked = {name: check_entry(config, options, args.data_root) for name, (config, options, _, _) in plan.items()}
        print(json.dumps(checked, indent=1))
        return dict(dry_run=True, plan=checked)
    import torch
    if not torch.cuda.is_available():
        raise SystemExit('gpu-check: no CUDA device here; --dry-run checks the plan on any machine.')
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = [run_entry(name, entry, args, out) for name, entry in plan.items()]
    for row in rows:
        print(json.dumps(row), flush=True)
    result = dict(benchmark='gpu-check', device=torch.cuda.get_device_name(), torch=torch.__version__,
                  iters=args.iters, rows=rows, **({} if args.no_extras else extras(plan, rows, args, out)))
    from platform_core.fileio import atomic_write_json, atomic_write_text
    atomic_write_json(out / 'gpu_check.json', result)
    atomic_write_text(out / 'gpu_check.md', markdown(rows))
    print(markdown(rows))
    return result


def markdown(rows: list) -> str:
    lines = ['| method (config) | task | batch | s/iteration | images/s | peak MiB | run wall s |',
             '|---|---|---|---|---|---|---|']
    for r in rows:
        if 'error' in r:
            lines.append(f"| {r['name']} | failed: {r['error']} | | | | | |")
        else:
            lines.append(f"| {r['name']} (`{Path(r['config']).name}`) | {r['task']} | {r['batch']} | "
                         f"{r['s_per_iter']} | {r['images_per_s']} | {r['peak_mib']} | {r['run_wall_s']} |")
    return '\n'.join(lines)
