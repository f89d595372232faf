"""AE-PSL's stages as tasks of the continual runner: what each task's config overrides are, and the
work after each erasing round (mine, measure, and after the last round assemble the pseudo masks).

Task r < rounds trains the classification network on images erased in rounds 0..r-1; task ``rounds``
trains the PSL segmentation network on the assembled masks."""
import json
import logging
import os.path as osp
from dataclasses import dataclass, fields
from typing import Any, Optional, Union

from mmengine.logging import print_log

from platform_core.data import pipeline_with
from platform_core.data.saliency import load_saliency, saliency_maps
from platform_core.engine.layout import RunLayout
from platform_core.errors import ConfigError
from platform_core.fileio import atomic_write_json
from platform_core.scenario import task_length_overrides

from .grid import write_rounds_grid
from .masks import UNION_RULES, assemble_mask, iou_summary
from .mining import (accumulate, cumulative_mined, dataset_mean_pixel, load_round_checkpoint, load_round_model,
                     mine_round, mining_dataset, round_dir, sample_id, write_png)
from .transforms import read_label_png

__all__ = ['AEPSLOptions', 'task_overrides', 'after_round']

FILLS = ('dataset', 'preprocessor')


@dataclass(frozen=True)
class AEPSLOptions:
    """The config's ``aepsl = dict(...)`` (every choice the paper leaves open is one of these).

    Args:
        classifier: the erasing rounds' classification network (a ``CAMClassifier`` config); its
            ``data_preprocessor`` defaults to the segmentation model's.
        rounds: adversarial erasing rounds (paper: 3); the ``Weak`` scenario needs ``num_tasks = rounds + 1``.
        round_iters: training iterations of each round's classifier (the PSL task uses ``train_cfg``).
        top_fraction: a CAM pixel is mined when in the top fraction of the CAM's range (paper: 0.2).
        erase_fill: ``'dataset'`` (mean RGB pixel of the training images, paper), ``'preprocessor'`` (the
            data preprocessor's mean) or an explicit ``[r, g, b]``.
        bg_saliency: un-mined pixels with saliency <= this are background (paper: 0.06).
        mined_min_saliency: mined pixels with saliency <= this are ignored (paper: "low saliency").
        mining_batch_size: images per forward pass when computing CAMs.
        grid_images: images shown in the round-by-round grid (0: no grid).
        report_gt: measure mined and assembled masks against the training ground truth for the report
            (the method itself never reads it).
        round_init: ``'fresh'`` (paper: every round's classifier starts from the configured initialization)
            or ``'previous'`` (rounds after the first start from the previous round's classifier: a
            CPU-budget option, so short rounds add up).
        psl_init: ``'fresh'`` (paper) or ``'classifier'`` (the PSL network starts from the last round's
            classifier: backbone and classification branch).
        union: how the rounds' mined maps combine (``masks.union_of_rounds``): ``'first_claim'`` (a later round
            only adds pixels no earlier round claimed) or ``'conflict'`` (two rounds' different classes -> ignore).
        round_min_gain: a round counts as learned when its classifier's loss on its own (erased) training
            images is at least this fraction below the class prior's loss; the first round that is not stops
            the erasing: its regions are not used and the later rounds do not train (one log line says so).
            None: every round counts.
    """
    classifier: dict
    rounds: int = 3
    round_iters: int = 150
    top_fraction: float = 0.2
    erase_fill: Union[str, tuple] = 'dataset'
    bg_saliency: float = 0.06
    mined_min_saliency: float = 0.06
    mining_batch_size: int = 16
    grid_images: int = 6
    report_gt: bool = True
    round_init: str = 'fresh'
    psl_init: str = 'fresh'
    union: str = 'first_claim'
    round_min_gain: Optional[float] = 0.1

    @classmethod
    def from_cfg(cls, cfg: Any) -> 'AEPSLOptions':
        raw = cfg.get('aepsl')
        if raw is None or 'classifier' not in raw:
            raise ConfigError('the aepsl plugin needs `aepsl = dict(classifier=dict(type=\'CAMClassifier\', ...), '
                              '...)` in the config (see plugins/aepsl/README.md).')
        unknown = set(raw) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f'unknown `aepsl` keys {sorted(unknown)}; known: {[f.name for f in fields(cls)]}.')
        opts = cls(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in raw.items()})
        if opts.round_min_gain is not None and not 0 <= opts.round_min_gain < 1:
            raise ConfigError(f'`aepsl.round_min_gain` must be in [0, 1), got {opts.round_min_gain}.')
        if opts.rounds < 1 or opts.round_iters < 1:
            raise ConfigError(f'`aepsl.rounds` and `aepsl.round_iters` must be >= 1, got {opts.rounds}, '
                              f'{opts.round_iters}.')
        if not (opts.erase_fill in FILLS or (isinstance(opts.erase_fill, tuple) and len(opts.erase_fill) == 3)):
            raise ConfigError(f'`aepsl.erase_fill` must be one of {FILLS} or [r, g, b], got {opts.erase_fill!r}.')
        for key, allowed in (('round_init', ('fresh', 'previous')), ('psl_init', ('fresh', 'classifier')),
                             ('union', UNION_RULES)):
            if getattr(opts, key) not in allowed:
                raise ConfigError(f'`aepsl.{key}` must be one of {allowed}, got {getattr(opts, key)!r}.')
        stages = cfg.get('scenario', {}).get('num_tasks')
        if stages != opts.rounds + 1:
            raise ConfigError(f'`scenario.num_tasks` is {stages} but AE-PSL needs `aepsl.rounds` + 1 = '
                              f'{opts.rounds + 1} tasks (the erasing rounds, then PSL). Set one to match.')
        return opts


def task_overrides(cfg: Any, index: int, layout: RunLayout) -> dict:
    """Config overrides of task ``index``: an erasing round's classifier (no training after the erasing
    stopped), or the PSL training data."""
    opts = AEPSLOptions.from_cfg(cfg)
    pipeline = cfg.train_dataloader.dataset.pipeline
    used = rounds_used(layout, min(index, opts.rounds))
    if index == opts.rounds:
        masks = str(round_dir(layout, opts.rounds - 1) / 'assembled')
        overrides = {'train_dataloader.dataset.pipeline':
                     pipeline_with(pipeline, dict(type='LoadPseudoMask', folder=masks), after='DropPixelLabels')}
        return dict(overrides, **previous_weights(layout, max(used, 1) - 1, index, opts.psl_init == 'classifier'))
    classifier = dict(opts.classifier)
    classifier.setdefault('data_preprocessor', cfg.model.get('data_preprocessor'))
    if used < index:  # an earlier round learned nothing: this one does not train
        return {'model': dict(_delete_=True, **classifier), **NO_TRAINING}
    overrides = {'model': dict(_delete_=True, **classifier), **task_length_overrides(cfg, opts.round_iters)}
    overrides.update(previous_weights(layout, index - 1, index, index > 0 and opts.round_init == 'previous'))
    if index > 0:
        erase = dict(type='EraseMinedRegions', fill_rgb=erase_fill(cfg, opts, layout),
                     mined_dirs=[str(round_dir(layout, r) / 'mined') for r in range(index)])
        overrides['train_dataloader.dataset.pipeline'] = pipeline_with(pipeline, erase, after='LoadImageFromFile')
    return overrides


# mmengine's Runner builds no training loop when these are None; the continual runner then skips train()
NO_TRAINING = {'train_dataloader': None, 'train_cfg': None, 'optim_wrapper': None, 'param_scheduler': None}


def rounds_used(layout: RunLayout, upto: int) -> int:
    """How many of the first ``upto`` rounds count: those before the first round whose ``fit.json`` says it
    learned nothing (a round not measured yet counts)."""
    for r in range(upto):
        fit = round_dir(layout, r) / 'fit.json'
        if fit.is_file() and not json.loads(fit.read_text())['learned']:
            return r
    return upto


def previous_weights(layout: RunLayout, index: int, task: int, wanted: bool) -> dict:
    """``load_from`` = task ``index``'s last checkpoint when ``wanted``, unless task ``task`` already has
    checkpoints of its own: then it is being resumed, and mmengine would resume from ``load_from`` instead."""
    if not wanted or layout.latest_checkpoint(task):
        return {}
    checkpoint = layout.latest_checkpoint(index)
    return {'load_from': checkpoint} if checkpoint else {}


def erase_fill(cfg: Any, opts: AEPSLOptions, layout: RunLayout) -> list:
    if opts.erase_fill == 'preprocessor':
        return list(cfg.model.data_preprocessor.mean)
    if opts.erase_fill == 'dataset':
        return json.loads((round_dir(layout, 0) / 'mean_pixel.json').read_text())
    return list(opts.erase_fill)


def after_round(index: int, layout: RunLayout, saliency: dict) -> dict:
    """Mine round ``index`` (reusing files written before a resume) and judge whether its classifier learned;
    after the last round assemble the masks from the rounds that count. Returns the round's statistics for
    results.json."""
    opts = AEPSLOptions.from_cfg(load_round_config(layout, index))
    out = round_dir(layout, index)
    stats = dict(round=index + 1)
    if rounds_used(layout, index) == index:  # every earlier round counted: this one trained
        stats.update(mine_and_judge(index, layout, opts))
    used = rounds_used(layout, index + 1)
    stats['rounds_used'] = used
    dataset = mining_dataset(load_round_config(layout, 0))
    num_classes = len(dataset.metainfo['classes'])
    if opts.report_gt:
        stats['mined'] = iou_summary(accumulate(
            dataset, lambda name: cumulative_mined(layout, name, range(used), opts.union), num_classes))
    if index == opts.rounds - 1:
        stats['assembled'] = assemble_all(dataset, layout, opts, saliency, num_classes, used)
    return stats


def load_round_config(layout: RunLayout, index: int):
    """The config round ``index`` ran with (from its checkpoint; a round that did not train: the first's)."""
    if not layout.latest_checkpoint(index):
        index = 0
    return load_round_checkpoint(str(layout.task_dir(index)))[1]


def mine_and_judge(index: int, layout: RunLayout, opts: AEPSLOptions) -> dict:
    """Mine round ``index`` and write ``fit.json``: the classifier's loss, the class prior's, whether it
    learned (loss at least ``round_min_gain`` below the prior's)."""
    model, cfg = load_round_model(str(layout.task_dir(index)))
    dataset = mining_dataset(cfg)
    out = round_dir(layout, index)
    mined = mine_round(model, dataset, out, top_fraction=opts.top_fraction, batch_size=opts.mining_batch_size,
                       cam_ids=grid_ids(dataset, opts.grid_images))
    if index == 0:
        paths = [dataset.get_data_info(i)['img_path'] for i in range(len(dataset))]
        atomic_write_json(out / 'mean_pixel.json', dataset_mean_pixel(paths))
    fit = dict(loss=mined['loss'], prior_loss=mined['prior_loss'])
    gain = opts.round_min_gain
    fit['learned'] = gain is None or fit['loss'] <= (1 - gain) * fit['prior_loss']
    atomic_write_json(out / 'fit.json', fit)
    if not fit['learned']:
        kept = f'the masks use rounds 1-{index} only' if index > 1 else \
            ('the masks use round 1 only' if index else 'no mined region is used: the masks are saliency only')
        print_log(f"AE-PSL round {index + 1}: its classifier's loss on its {'erased ' if index else ''}images, "
                  f"{fit['loss']:.4f}, is not {gain:.0%} below the class prior's {fit['prior_loss']:.4f}: it "
                  f'learned nothing there, so the erasing stops; {kept} (aepsl.round_min_gain).',
                  logger='current', level=logging.WARNING)
    return dict(newly_mined=mined['newly_mined'], classifier=fit)


def grid_ids(dataset, count: int) -> list[str]:
    """The images the rounds' grid shows: the first ``count`` ids in sorted order."""
    return sorted(sample_id(dataset.get_data_info(i)) for i in range(len(dataset)))[:count]


def assemble_all(dataset, layout: RunLayout, opts: AEPSLOptions, saliency: dict, num_classes: int,
                 used: int) -> dict:
    """Write every image's assembled mask (union of the ``used`` rounds + saliency); return its statistics
    and the grid."""
    image_paths = {sample_id(dataset.get_data_info(i)): dataset.get_data_info(i)['img_path']
                   for i in range(len(dataset))}
    folder = saliency.get('folder')
    folder = osp.join(dataset.data_root or '', folder) if folder else None
    sal_paths = saliency_maps(image_paths, folder=folder, estimator=saliency.get('estimator'))
    out = round_dir(layout, opts.rounds - 1)
    (out / 'assembled').mkdir(parents=True, exist_ok=True)
    for name in image_paths:
        if not (out / 'assembled' / f'{name}.png').is_file():
            mask = assemble_mask(cumulative_mined(layout, name, range(used), opts.union),
                                 load_saliency(sal_paths[name]), bg_saliency=opts.bg_saliency,
                                 mined_min_saliency=opts.mined_min_saliency)
            write_png(mask, out / 'assembled' / f'{name}.png')
    stats = {}
    if opts.report_gt:
        matrix = accumulate(dataset, lambda name: read_label_png(str(out / 'assembled' / f'{name}.png')),
                            num_classes)
        stats = iou_summary(matrix)
        labelled_only = matrix.copy()
        labelled_only[:, -1] = 0
        stats['mIoU_labelled'] = iou_summary(labelled_only)['mIoU']
    if opts.grid_images:
        names = grid_ids(dataset, opts.grid_images)
        gt_paths = {sample_id(dataset.get_data_info(i)): dataset.get_data_info(i)['seg_map_path']
                    for i in range(len(dataset))}
        stats['grid'] = str(write_rounds_grid(layout, names, image_paths, sal_paths, max(used, 1), gt_paths,
                                              dataset.metainfo['classes'], out=out, rule=opts.union))
    return stats
