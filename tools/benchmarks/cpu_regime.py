"""cpu-regime: how fast a SynthVOC segmentation model learns on this machine's CPU, outside the runner.

Builds an mmseg EncoderDecoder (slim ResNetV1c-18 + PSPHead or FCNHead), holds the training and val images in
memory, trains with AdamW (5% linear warm-up, cosine over the time budget) for ``--seconds`` of training
time, and reports mIoU on val at ``--eval-every`` second marks. It chose the CPU configs' regime (image size,
width, dilation, training-set size, initialisation); BENCHMARKS.md, "CPU regime", has the table.
"""
import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

MEAN, STD = torch.tensor([123.675, 116.28, 103.53]), torch.tensor([58.395, 57.12, 57.375])
OS_LAYOUT = {8: ((1, 2, 1, 1), (1, 1, 2, 4)), 4: ((1, 1, 1, 1), (1, 2, 4, 8))}  # output stride -> strides, dilations
TORCH_INIT = dict(type='Kaiming', layer='Conv2d', a=5**0.5, mode='fan_in', nonlinearity='leaky_relu',
                  distribution='uniform')


def parse(argv: list) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog='benchmark.py cpu-regime', description=__doc__.splitlines()[0])
    p.add_argument('--data', default='data/synthvoc', help='a SynthVOC root (tools/make_synthetic.py)')
    p.add_argument('--size', type=int, default=64, help='images are resized to this side if they differ')
    p.add_argument('--base', type=int, default=16, help='stem and base channels of the ResNetV1c-18')
    p.add_argument('--os', type=int, default=8, choices=sorted(OS_LAYOUT), help='output stride')
    p.add_argument('--head', default='psp', choices=('psp', 'fcn'))
    p.add_argument('--init', default='torch', choices=('torch', 'mmseg'),
                   help="torch: PyTorch's default init (the configs'); mmseg: ResNet + head defaults")
    p.add_argument('--seconds', type=float, default=150, help='training time (evaluation not counted)')
    p.add_argument('--eval-every', type=float, default=50)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--lr', type=float, default=4e-3)
    p.add_argument('--fp32', action='store_true', help='no bfloat16 autocast')
    p.add_argument('--threads', type=int, default=1)
    return p.parse_args(argv)


def load_split(root: str, split: str, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, 3, S, S) normalized RGB and (N, S, S) labels of a VOC-layout split."""
    ids = open(f'{root}/ImageSets/Segmentation/{split}.txt').read().split()
    images, labels = [], []
    for i in ids:
        im = Image.open(f'{root}/JPEGImages/{i}.jpg').convert('RGB')
        lb = Image.open(f'{root}/SegmentationClass/{i}.png')
        if im.size != (size, size):
            im, lb = im.resize((size, size), Image.BILINEAR), lb.resize((size, size), Image.NEAREST)
        images.append(np.asarray(im))
        labels.append(np.asarray(lb))
    x = torch.tensor(np.stack(images)).permute(0, 3, 1, 2).float()
    return (x - MEAN[:, None, None]) / STD[:, None, None], torch.tensor(np.stack(labels)).long()


def build(args: argparse.Namespace):
    from mmengine.registry import init_default_scope
    from platform_core.registry import MODELS
    init_default_scope('mmseg')
    strides, dilations = OS_LAYOUT[args.os]
    b, norm = args.base, dict(type='BN', requires_grad=True)
    init = dict(zero_init_residual=False, init_cfg=TORCH_INIT) if args.init == 'torch' else {}
    backbone = dict(type='ResNetV1c', depth=18, stem_channels=b, base_channels=b, num_stages=4,
                    out_indices=(0, 1, 2, 3), dilations=dilations, strides=strides, norm_cfg=norm,
                    contract_dilation=True, **init)
    head = dict(type='PSPHead', pool_scales=(1, 2, 3, 6)) if args.head == 'psp' else dict(
        type='FCNHead', num_convs=2, concat_input=True)
    head.update(in_channels=8 * b, in_index=3, channels=2 * b, dropout_ratio=0.1, num_classes=21, norm_cfg=norm,
                align_corners=False, loss_decode=dict(type='CrossEntropyLoss'))
    if args.init == 'torch':
        head['init_cfg'] = None
    model = MODELS.build(dict(type='EncoderDecoder', backbone=backbone, decode_head=head, train_cfg=dict(),
                              test_cfg=dict(mode='whole')))
    model.init_weights()
    return model


def logits(model, x: torch.Tensor, bf16: bool) -> torch.Tensor:
    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
        out = model.decode_head(model.extract_feat(x))
    return F.interpolate(out.float(), size=x.shape[-2:], mode='bilinear')


@torch.no_grad()
def val_miou(model, x: torch.Tensor, y: torch.Tensor, bf16: bool) -> float:
    model.eval()
    conf = torch.zeros(21 * 21, dtype=torch.long)
    for i in range(0, len(x), 50):
        pred, gt = logits(model, x[i:i + 50], bf16).argmax(1), y[i:i + 50]
        keep = gt != 255
        conf += torch.bincount(gt[keep] * 21 + pred[keep], minlength=21 * 21)
    model.train()
    conf = conf.view(21, 21)
    iou = conf.diag() / (conf.sum(0) + conf.sum(1) - conf.diag()).clamp(min=1)
    return round(100 * iou.mean().item(), 2)


def cpu_regime(argv: list) -> dict:
    args = parse(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    xt, yt = load_split(args.data, 'train', args.size)
    xv, yv = load_split(args.data, 'val', args.size)
    model, bf16 = build(args), not args.fp32
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    g, curve, it, trained = torch.Generator().manual_seed(0), [], 0, 0.0
    next_eval = args.eval_every
    while trained < args.seconds:
        t = trained / args.seconds
        for group in opt.param_groups:
            group['lr'] = args.lr * (t / 0.05 if t < 0.05 else 0.5 * (1 + np.cos(np.pi * (t - 0.05) / 0.95)))
        start = time.perf_counter()
        idx = torch.randint(0, len(xt), (args.batch, ), generator=g)
        x, y = xt[idx], yt[idx]
        flip = torch.rand(args.batch, generator=g) < 0.5
        x[flip], y[flip] = x[flip].flip(-1), y[flip].flip(-1)
        loss = F.cross_entropy(logits(model, x, bf16), y, ignore_index=255)
        opt.zero_grad()
        loss.backward()
        opt.step()
        trained += time.perf_counter() - start
        it += 1
        if trained >= next_eval or trained >= args.seconds:
            curve.append(dict(iters=it, seconds=round(trained), mIoU=val_miou(model, xv, yv, bf16)))
            next_eval += args.eval_every
    result = dict(args=vars(args), params=sum(p.numel() for p in model.parameters()), iters=it,
                  s_per_iter=round(trained / it, 4), mIoU=curve[-1]['mIoU'], curve=curve)
    print('| ' + ' | '.join(f"{c['iters']} it / {c['seconds']} s: {c['mIoU']}" for c in curve) + ' |')
    return result
