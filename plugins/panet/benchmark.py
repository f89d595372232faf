"""PANet's benchmark (``python tools/benchmark.py panet-episodic-eval``): the batched, feature-cached episodic
test path against PANet's released per-episode, per-way loop, at identical predictions; each path in its own
process so that peak memory is its own. Uses the few-shot scenario's dataset and metric through the registries
(the ``fewshot`` plugin registers them), as a config would."""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

from platform_core.benchmarks import benchmark, rss_mib, timed
from platform_core.splits import pascal_5i_fold

__all__ = ['panet_reference_episode', 'panet_episodic_eval']

PRED_DTYPE = torch.uint8  # predictions kept for the comparison: 1 + ways labels; int64 would dominate peak memory


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
    from platform_core.registry import DATASETS
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
                dict(type='Resize', scale=(args.size, args.size), keep_ratio=False)]
    dataset = DATASETS.build(dict(
        type='EpisodicDataset', dataset=dict(type='SynthVOCDataset', data_root=args.data_root, ann_file='ImageSets/Segmentation/val.txt',
                     data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
                     image_labels='image_labels.json', pipeline=pipeline, test_mode=True),
        classes=pascal_5i_fold(args.fold), ways=args.ways, shots=args.shots, runs=args.runs,
        episodes=args.episodes, seed=1234))
    return [dataset[i] for i in range(len(dataset))], dataset


def _panet_model(args, device: torch.device):
    from platform_core.registry import MODELS
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
    from platform_core.registry import METRICS
    metric = METRICS.build(dict(type='EpisodicIoUMetric', classes=classes))
    metric.dataset_meta = dataset.metainfo
    samples = [dict(run=it['data_samples'].run, episode_classes=it['data_samples'].episode_classes,
                    pred_sem_seg=dict(data=p.long()),
                    gt_sem_seg=dict(data=it['data_samples'].gt_sem_seg.data)) for it, p in zip(items, preds)]
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)['mIoU']


def handed_out(items: list, size: int):
    """``items`` in batches of ``size``, each dropped from the list once handed out: a test loop holds one batch at a
    time (the preprocessor replaces a sample's support images by their float copies), and so does each path here."""
    for start in range(0, len(items), size):
        batch = items[start:start + size]
        items[start:start + size] = [None] * len(batch)
        yield batch


def _panet_one_path(args) -> None:
    """Child process: run one path once (after a warm-up on CUDA), save predictions, time and peak memory.
    CPU peak = max resident memory minus resident memory before the run; CUDA peak = torch's max allocated."""
    from mmengine.dataset import pseudo_collate
    device = torch.device(args.device)
    items, _ = _episode_items(args)
    model = _panet_model(args, device)
    pre = model.data_preprocessor

    @torch.no_grad()
    def batched(chunk: list) -> torch.Tensor:
        preds, start = predictions(len(chunk)), 0
        for batch in handed_out(chunk, args.batch):
            data = pre(pseudo_collate(batch), False)
            for sample in model.predict(data['inputs'], data['data_samples']):
                preds[start] = sample.pred_sem_seg.data
                start += 1
        return preds

    @torch.no_grad()
    def looped(chunk: list) -> torch.Tensor:
        preds = predictions(len(chunk))
        for index, batch in enumerate(handed_out(chunk, 1)):
            data = pre(pseudo_collate(batch), False)
            preds[index] = panet_reference_episode(model, data['inputs'], data['data_samples'][0])
        return preds

    def predictions(n: int) -> torch.Tensor:
        """One (n, Q, H, W) uint8 tensor for every prediction: thousands of small tensors kept among an episode's
        large temporaries fragment the heap (resident memory grew 4 MB per episode when each was its own)."""
        return torch.empty((n, 1, args.size, args.size), dtype=PRED_DTYPE)

    run = looped if args.path == 'loop' else batched
    if args.path == 'uncached':
        model.feature_cache_bytes = 0
    if device.type == 'cuda':
        run(items[:args.batch])  # warm-up: cuDNN autotuning, allocator
    before = rss_mib()
    preds, seconds, peak = timed(lambda: run(items), device)
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
    p.add_argument('--episodes', type=int, default=200, help='episodes per run')
    p.add_argument('--runs', type=int, default=1, help="test runs (PANet's protocol: 5 x 1,000 episodes)")
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
            child = f'import sys; from {__name__} import run_child; run_child(sys.argv[1:])'
            subprocess.run([sys.executable, '-c', child, *argv, '--path', path, '--out', out], check=True)
            runs[path] = torch.load(out, weights_only=False)
    ours, uncached, ref = runs['batched'], runs['uncached'], runs['loop']
    differing = max(int((r['preds'] != ref['preds']).sum()) for r in (ours, uncached))
    total = ours['preds'].numel()
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


def run_child(argv: list) -> None:
    """A path's child process (see :func:`panet_episodic_eval`): the episodic dataset and metric come from the
    ``fewshot`` plugin, loaded as an entry point like any run's."""
    from mmengine.registry import init_default_scope

    from platform_core.plugin_manager import installed_plugins, load_entry_point
    load_entry_point(installed_plugins()['fewshot'])
    init_default_scope('mmseg')
    panet_episodic_eval(argv)
