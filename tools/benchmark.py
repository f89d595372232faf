"""Benchmarks of clseg components, selected by name.

    python tools/benchmark.py --list
    python tools/benchmark.py NAME [options of that benchmark]

Add a benchmark: write ``def my_bench(argv: list[str]) -> dict`` (parse its own options, print a
markdown report, return the numbers) and register it with ``@benchmark('my-name', 'one line')``.
Results go in BENCHMARKS.md with the command that produced them.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCHMARKS: dict[str, tuple[Callable[[list], dict], str]] = {}


def benchmark(name: str, summary: str) -> Callable:
    """Register ``fn(argv) -> dict`` under ``name``."""
    def register(fn: Callable) -> Callable:
        BENCHMARKS[name] = (fn, summary)
        return fn
    return register


def _sync(device: torch.device) -> None:
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def _timed(fn: Callable, device: torch.device) -> tuple[object, float, float]:
    """(result, seconds, peak MiB allocated by torch on ``device``; NaN on CPU)."""
    if device.type == 'cuda':
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    _sync(device)
    start = time.perf_counter()
    result = fn()
    _sync(device)
    seconds = time.perf_counter() - start
    peak = torch.cuda.max_memory_allocated(device) / 2**20 if device.type == 'cuda' else float('nan')
    return result, seconds, peak


# ------------------------------------------------------------------------------ panet-episodic-eval
def panet_reference_episode(model, query: torch.Tensor, sample) -> torch.Tensor:
    """PANet's released test path, literally: one episode per encoder call, a loop over ways and shots,
    MAP on upsampled features once per mask (getFeatures), one cosine call per prototype (calDist).
    ``query``: (Q, 3, H, W) normalized; returns (Q, H, W) predictions."""
    n, k = sample.support_imgs.shape[:2]
    size = query.shape[-2:]
    features = model.extract_feat(torch.cat([sample.support_imgs.flatten(0, 1), query]))
    support, query_f = features[:n * k].view(n, k, *features.shape[1:]), features[n * k:]

    def get_features(fts, mask):  # (1, C, h, w), (H, W) -> (1, C)
        fts = F.interpolate(fts, size=mask.shape[-2:], mode='bilinear', align_corners=False)
        return torch.sum(fts * mask[None, None], dim=(2, 3)) / (mask[None, None].sum(dim=(2, 3)) + 1e-5)

    fg = [[get_features(support[w, [s]], sample.support_fg[w, s]) for s in range(k)] for w in range(n)]
    bg = [[get_features(support[w, [s]], sample.support_bg[w, s]) for s in range(k)] for w in range(n)]
    prototypes = [sum(sum(way) / k for way in bg) / n] + [sum(way) / k for way in fg]
    dist = [F.cosine_similarity(query_f, p[..., None, None], dim=1) * model.scale for p in prototypes]
    scores = F.interpolate(torch.stack(dist, dim=1), size=size, mode='bilinear', align_corners=False)
    return scores.argmax(dim=1)


def _episode_items(args) -> tuple[list, object]:
    from plugins.fewshot.dataset import EpisodicDataset
    from plugins.fewshot.scenario import fold_classes
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
                dict(type='Resize', scale=(args.size, args.size), keep_ratio=False)]
    dataset = EpisodicDataset(
        dataset=dict(type='SynthVOCDataset', data_root=args.data_root, ann_file='ImageSets/Segmentation/val.txt',
                     data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
                     image_labels='image_labels.json', pipeline=pipeline, test_mode=True),
        classes=fold_classes('pascal-5i', args.fold)[1], ways=args.ways, shots=args.shots, runs=1,
        episodes=args.episodes, seed=1234)
    return [dataset[i] for i in range(len(dataset))], dataset


def _panet_model(args, device: torch.device):
    from platform_core.registry import MODELS
    import plugins.panet  # noqa: F401
    backbone = dict(type='PANetVGG16') if args.backbone == 'vgg16' else dict(
        type='ResNetV1c', depth=18, stem_channels=32, base_channels=32, out_indices=(3, ), dilations=(1, 1, 2, 4),
        strides=(1, 2, 1, 1), contract_dilation=True)
    torch.manual_seed(0)
    model = MODELS.build(dict(type='PANet', backbone=backbone, data_preprocessor=dict(
        type='EpisodeDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375])))
    if args.checkpoint:
        from mmengine.runner import load_checkpoint
        load_checkpoint(model, args.checkpoint, map_location='cpu')
    return model.to(device).eval()


def _pooled_miou(dataset, items, preds, classes) -> float:
    from plugins.fewshot.metric import EpisodicIoUMetric
    metric = EpisodicIoUMetric(classes=classes)
    metric.dataset_meta = dataset.metainfo
    samples = [dict(run=0, episode_classes=it['data_samples'].episode_classes, pred_sem_seg=dict(data=p.cpu()),
                    gt_sem_seg=dict(data=it['data_samples'].gt_sem_seg.data)) for it, p in zip(items, preds)]
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)['mIoU']


def _rss_mib() -> float:
    """Resident memory of this process now (Linux)."""
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20


def _panet_one_path(args) -> None:
    """Child process: run one path once (after a warm-up on CUDA), save predictions, time and peak memory.
    CPU peak = max resident memory minus resident memory before the run; CUDA peak = torch's max allocated."""
    from mmengine.dataset import pseudo_collate
    device = torch.device(args.device)
    items, _ = _episode_items(args)
    model = _panet_model(args, device)
    pre = model.data_preprocessor

    @torch.no_grad()
    def batched(chunk: list) -> list:
        preds = []
        for start in range(0, len(chunk), args.batch):
            data = pre(pseudo_collate(chunk[start:start + args.batch]), False)
            preds += [s.pred_sem_seg.data.cpu() for s in model.predict(data['inputs'], data['data_samples'])]
        return preds

    @torch.no_grad()
    def looped(chunk: list) -> list:
        preds = []
        for item in chunk:
            data = pre(pseudo_collate([item]), False)
            preds.append(panet_reference_episode(model, data['inputs'], data['data_samples'][0]).cpu())
        return preds

    run = looped if args.path == 'loop' else batched
    if args.path == 'uncached':
        model.feature_cache_bytes = 0
    if device.type == 'cuda':
        run(items[:args.batch])  # warm-up: cuDNN autotuning, allocator
    before = _rss_mib()
    preds, seconds, peak = _timed(lambda: run(items), device)
    if device.type != 'cuda':
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    torch.save(dict(preds=preds, seconds=seconds, peak=peak), args.out)


@benchmark('panet-episodic-eval', 'PANet test episodes: batched episodic eval vs a per-episode, per-way loop')
def panet_episodic_eval(argv: list) -> dict:
    p = argparse.ArgumentParser(prog='benchmark.py panet-episodic-eval')
    p.add_argument('--data-root', default='data/synthvoc')
    p.add_argument('--fold', type=int, default=0)
    p.add_argument('--ways', type=int, default=1)
    p.add_argument('--shots', type=int, default=1)
    p.add_argument('--episodes', type=int, default=200)
    p.add_argument('--batch', type=int, default=16, help='episodes per batch of the batched path')
    p.add_argument('--size', type=int, default=417)
    p.add_argument('--backbone', choices=['vgg16', 'r18-slim'], default='vgg16')
    p.add_argument('--checkpoint', help='trained PANet checkpoint (default: random init, seed 0)')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--tf32', action='store_true', help="allow TF32 convs/matmuls (PyTorch's conv default)")
    p.add_argument('--max-differing', type=float, default=1e-4,
                   help='largest fraction of query pixels whose prediction may differ (GPU conv algorithms differ '
                        'with the batch size, so near-ties can flip); 0 = bit-identical predictions required')
    p.add_argument('--path', choices=['batched', 'uncached', 'loop'], help=argparse.SUPPRESS)  # internal: child process
    p.add_argument('--out', help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = args.tf32
    if args.path:
        _panet_one_path(args)
        return {}
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in ('batched', 'uncached', 'loop'):  # separate processes: peak memory is each path's own
            out = os.path.join(tmp, f'{path}.pt')
            subprocess.run([sys.executable, __file__, 'panet-episodic-eval', *argv, '--path', path, '--out', out],
                           check=True)
            runs[path] = torch.load(out, weights_only=False)
    ours, uncached, ref = runs['batched'], runs['uncached'], runs['loop']
    differing = max(sum(int((a != b).sum()) for a, b in zip(r['preds'], ref['preds'])) for r in (ours, uncached))
    total = sum(a.numel() for a in ours['preds'])
    items, dataset = _episode_items(args)
    miou = {k: _pooled_miou(dataset, items, r['preds'], dataset.classes) for k, r in runs.items()}
    n = len(items)
    device = torch.cuda.get_device_name() if args.device == 'cuda' else f'cpu ({torch.get_num_threads()} threads)'
    out = dict(benchmark='panet-episodic-eval', tf32=args.tf32, device=device, backbone=args.backbone,
               size=args.size, ways=args.ways, shots=args.shots, episodes=n, batch=args.batch,
               episodes_per_s_batched=round(n / ours['seconds'], 2),
               episodes_per_s_uncached=round(n / uncached['seconds'], 2),
               episodes_per_s_loop=round(n / ref['seconds'], 2),
               speedup=round(ref['seconds'] / ours['seconds'], 2),
               speedup_uncached=round(ref['seconds'] / uncached['seconds'], 2), peak_mib_batched=round(ours['peak'], 1),
               peak_mib_uncached=round(uncached['peak'], 1), peak_mib_loop=round(ref['peak'], 1),
               memory_ratio=round(ours['peak'] / max(ref['peak'], 1e-9), 2), differing_pixels=differing, pixels=total,
               mIoU_batched=miou['batched'], mIoU_uncached=miou['uncached'], mIoU_loop=miou['loop'])
    print(json.dumps(out, indent=1))
    assert differing <= args.max_differing * total, (
        f'batched and looped predictions differ in {differing} of {total} pixels (> {args.max_differing:g})')
    for path in ('batched', 'uncached'):
        assert abs(miou[path] - miou['loop']) <= 0.05 if differing else miou[path] == miou['loop']
    return out


@benchmark('cpu-regime', 'SynthVOC segmentation learning speed on the CPU, in memory (chose the CPU regime)')
def cpu_regime(argv: list) -> dict:
    from benchmarks.cpu_regime import cpu_regime as run
    return run(argv)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ('--list', '-h', '--help'):
        print(__doc__)
        for name, (_, summary) in BENCHMARKS.items():
            print(f'  {name:24s} {summary}')
        return 0
    from mmengine.registry import init_default_scope
    init_default_scope('mmseg')  # clseg's one registry scope, as in every config
    if argv[0] not in BENCHMARKS:
        print(f'benchmark.py: unknown benchmark {argv[0]!r}; known: {sorted(BENCHMARKS)}', file=sys.stderr)
        return 2
    BENCHMARKS[argv[0]][0](argv[1:])
    return 0


if __name__ == '__main__':
    sys.exit(main())
