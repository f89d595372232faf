"""Between-task work of AE-PSL, on files: mine each round's regions from its classifier's CAMs, assemble
the pseudo masks after the last round, measure them against ground truth for the report.

Layout under the run's work dir (every file is written atomically and reused when a run resumes)::

    task_<r>/aepsl/cams/<id>_<class>.png   normalized CAM of each ground-truth class (8 bit), for the images the
                                           grid shows (``cam_ids``)
    task_<r>/aepsl/mined/<id>.png          regions mined in round r (0, class, 255 = two classes)
    task_<R-1>/aepsl/assembled/<id>.png    the segmentation targets of the PSL task
    task_<R-1>/aepsl/rounds_grid.png       image | saliency | CAM, mined union per round | assembled | GT
"""
import copy
import os
import os.path as osp
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import find_latest_checkpoint
from PIL import Image

from platform_core.checkpoint import load_checkpoint_file
from platform_core.engine.layout import RunLayout
from platform_core.errors import ConfigError
from platform_core.models.cam import multi_hot, top_range_mask
from platform_core.progress import progress
from platform_core.registry import DATASETS, MODELS

from .masks import confusion, mined_label_map, union_of_rounds
from .transforms import read_label_png

__all__ = ['round_dir', 'load_round_model', 'load_round_checkpoint', 'mining_dataset', 'mine_round', 'classifier_fit', 'cumulative_mined',
           'write_png', 'dataset_mean_pixel', 'accumulate']


def round_dir(layout: RunLayout, index: int) -> Path:
    """Erasing round ``index``'s files: the plugin folder of task ``index`` in the run's layout."""
    return layout.plugin_dir(index, 'aepsl')


def write_png(array: np.ndarray, path: Path, palette: list | None = None) -> None:
    image = Image.fromarray(array)
    if palette is not None:
        image = image.convert('P')
        image.putpalette(palette)
    tmp = Path(f'{path}.tmp{os.getpid()}.png')
    image.save(tmp)
    os.replace(tmp, path)


def load_round_model(task_work_dir: str) -> tuple[torch.nn.Module, Config]:
    """The classifier a round task trained (its last checkpoint) and the config it was trained with."""
    state, cfg = load_round_checkpoint(task_work_dir)
    model = MODELS.build(cfg.model)
    model.load_state_dict(state['state_dict'])
    return model.eval(), cfg


def load_round_checkpoint(task_work_dir: str) -> tuple[dict, Config]:
    """A round task's last checkpoint and the config it was trained with (from the checkpoint's meta)."""
    checkpoint = find_latest_checkpoint(task_work_dir)
    if checkpoint is None:
        raise ConfigError(f'no checkpoint in {task_work_dir}: keep `default_hooks.checkpoint.save_last=True` '
                          'so each erasing round leaves its classifier.')
    state = load_checkpoint_file(checkpoint, map_location='cpu')
    return state, Config.fromstring(state['meta']['cfg'], file_format='.py')


def mining_dataset(cfg: Config):
    """The round's training set, read deterministically: load, erase earlier rounds' regions, pack."""
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    kept = [step for step in dataset.pipeline if step['type'] in ('LoadImageFromFile', 'EraseMinedRegions')]
    dataset.pipeline = kept + [dict(type='PackClsegInputs')]
    return DATASETS.build(dataset)


def sample_id(info: dict) -> str:
    return osp.splitext(osp.basename(info['img_path']))[0]


@torch.no_grad()
def mine_round(model, dataset, out: Path, *, top_fraction: float, batch_size: int = 16,
               cam_ids: Iterable[str] = ()) -> dict:
    """Write the mined map of every image not done yet (and the CAMs of those in ``cam_ids``); measure the
    classifier on every image.

    Returns ``newly_mined`` (images written now), ``loss`` (the classifier's multi-label BCE on the round's
    training images, as the round saw them: erased) and ``prior_loss`` (the BCE of predicting each class's
    frequency in these images: the loss of a classifier that learned only the class prior)."""
    (out / 'cams').mkdir(parents=True, exist_ok=True)
    (out / 'mined').mkdir(parents=True, exist_ok=True)
    done = {i for i in range(len(dataset))
            if (out / 'mined' / f'{sample_id(dataset.get_data_info(i))}.png').is_file()}
    scores, labels, cam_ids = [], [], set(cam_ids)
    batches = range(0, len(dataset), batch_size)
    for start in progress(batches, f'AE-PSL mining {out.parent.name}: batches of {batch_size} images'):
        indices = range(start, min(start + batch_size, len(dataset)))
        data = model.data_preprocessor(pseudo_collate([dataset[i] for i in indices]), False)
        batch_scores, cams = model.cams(data['inputs'])  # (N, C-1), (N, C-1, H, W) in [0, 1]
        scores.append(batch_scores)
        labels.append(multi_hot([s.metainfo['image_labels'] for s in data['data_samples']], batch_scores.shape[1],
                                device=batch_scores.device))
        for i, sample, cam in zip(indices, data['data_samples'], cams):
            if i not in done:
                write_mined(sample, cam, out, top_fraction, cam_ids)
    scores, labels = torch.cat(scores), torch.cat(labels)
    return dict(newly_mined=len(dataset) - len(done), **classifier_fit(scores, labels))


def write_mined(sample, cam: torch.Tensor, out: Path, top_fraction: float, cam_ids: set) -> None:
    """One image's mined map and, when it is in ``cam_ids``, the CAMs of its own classes; the mined map last,
    as its presence marks the image done."""
    classes = [int(c) for c in sample.metainfo['image_labels']]
    h, w = sample.metainfo['img_shape']
    cam = cam[[c - 1 for c in classes], :h, :w]  # (k, h, w), the image's own classes only
    name = osp.splitext(osp.basename(sample.metainfo['img_path']))[0]
    for c, class_cam in zip(classes, cam if name in cam_ids else ()):
        write_png((class_cam.numpy() * 255).round().astype(np.uint8), out / 'cams' / f'{name}_{c}.png')
    mined = mined_label_map(top_range_mask(cam, top_fraction=top_fraction).numpy(), classes) \
        if classes else np.zeros((h, w), np.uint8)
    write_png(mined, out / 'mined' / f'{name}.png')


def classifier_fit(scores: torch.Tensor, labels: torch.Tensor) -> dict:
    """Multi-label BCE of (N, C) sigmoid ``scores`` against (N, C) multi-hot ``labels``, beside the BCE of
    the constant prediction p_c = mean of column c (the class prior of these images)."""
    eps = 1e-6
    loss = F.binary_cross_entropy(scores.clamp(eps, 1 - eps), labels)
    prior = labels.mean(0, keepdim=True).clamp(eps, 1 - eps).expand_as(labels)
    return dict(loss=round(float(loss), 4), prior_loss=round(float(F.binary_cross_entropy(prior, labels)), 4))


def cumulative_mined(layout: RunLayout, name: str, rounds: Iterable[int], rule: str = 'first_claim') -> np.ndarray:
    """Union of the mined maps of ``rounds`` for image ``name`` (``masks.union_of_rounds``'s ``rule``); all
    background when ``rounds`` is empty."""
    maps = [read_label_png(str(round_dir(layout, r) / 'mined' / f'{name}.png')) for r in rounds]
    if not maps:
        return np.zeros_like(read_label_png(str(round_dir(layout, 0) / 'mined' / f'{name}.png')))
    return union_of_rounds(maps, rule=rule)


def accumulate(dataset, predict: Callable[[str], np.ndarray], num_classes: int) -> np.ndarray:
    """Sum of :func:`confusion` of ``predict(id)`` against each image's ground-truth mask."""
    total = np.zeros((num_classes, num_classes + 1), np.int64)
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        total += confusion(predict(sample_id(info)), read_label_png(info['seg_map_path']), num_classes)
    return total


def dataset_mean_pixel(image_paths: Iterable[str]) -> list[float]:
    """Mean RGB colour over images (the fill of erased regions)."""
    total, count = np.zeros(3), 0
    for path in image_paths:
        rgb = np.asarray(Image.open(path).convert('RGB'), np.float64)
        total += rgb.reshape(-1, 3).sum(0)
        count += rgb.shape[0] * rgb.shape[1]
    return [round(float(v), 3) for v in total / max(count, 1)]
