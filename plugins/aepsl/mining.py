"""Between-task work of AE-PSL, on files: mine each round's regions from its classifier's CAMs, assemble
the pseudo masks after the last round, measure them against ground truth for the report.

Layout under the run's work dir (every file is written atomically and reused when a run resumes)::

    task_<r>/aepsl/cams/<id>_<class>.png   normalized CAM of each ground-truth class (8 bit)
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
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import find_latest_checkpoint
from PIL import Image

from platform_core.checkpoint import load_checkpoint_file
from platform_core.engine.layout import RunLayout
from platform_core.errors import ConfigError
from platform_core.models.cam import top_range_mask
from platform_core.progress import progress
from platform_core.registry import DATASETS, MODELS

from .masks import confusion, mined_label_map, union_of_rounds
from .transforms import read_label_png

__all__ = ['round_dir', 'load_round_model', 'mining_dataset', 'mine_round', 'cumulative_mined',
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
    checkpoint = find_latest_checkpoint(task_work_dir)
    if checkpoint is None:
        raise ConfigError(f'no checkpoint in {task_work_dir}: keep `default_hooks.checkpoint.save_last=True` '
                          'so each erasing round leaves its classifier.')
    state = load_checkpoint_file(checkpoint, map_location='cpu')
    cfg = Config.fromstring(state['meta']['cfg'], file_format='.py')
    model = MODELS.build(cfg.model)
    model.load_state_dict(state['state_dict'])
    return model.eval(), cfg


def mining_dataset(cfg: Config):
    """The round's training set, read deterministically: load, erase earlier rounds' regions, pack."""
    dataset = copy.deepcopy(cfg.train_dataloader.dataset)
    kept = [step for step in dataset.pipeline if step['type'] in ('LoadImageFromFile', 'EraseMinedRegions')]
    dataset.pipeline = kept + [dict(type='PackClsegInputs')]
    return DATASETS.build(dataset)


def sample_id(info: dict) -> str:
    return osp.splitext(osp.basename(info['img_path']))[0]


@torch.no_grad()
def mine_round(model, dataset, out: Path, *, top_fraction: float, batch_size: int = 16) -> int:
    """Write CAMs and mined maps of every image not done yet; return how many were computed."""
    (out / 'cams').mkdir(parents=True, exist_ok=True)
    (out / 'mined').mkdir(parents=True, exist_ok=True)
    todo = [i for i in range(len(dataset))
            if not (out / 'mined' / f'{sample_id(dataset.get_data_info(i))}.png').is_file()]
    batches = range(0, len(todo), batch_size)
    for start in progress(batches, f'AE-PSL mining {out.parent.name}: batches of {batch_size} images'):
        data = model.data_preprocessor(pseudo_collate([dataset[i] for i in todo[start:start + batch_size]]), False)
        _, cams = model.cams(data['inputs'])  # (N, C-1, H, W) in [0, 1]
        for sample, cam in zip(data['data_samples'], cams):
            classes = [int(c) for c in sample.metainfo['image_labels']]
            h, w = sample.metainfo['img_shape']
            cam = cam[[c - 1 for c in classes], :h, :w]  # (k, h, w), the image's own classes only
            name = osp.splitext(osp.basename(sample.metainfo['img_path']))[0]
            for c, class_cam in zip(classes, cam):
                write_png((class_cam.numpy() * 255).round().astype(np.uint8), out / 'cams' / f'{name}_{c}.png')
            mined = mined_label_map(top_range_mask(cam, top_fraction=top_fraction).numpy(), classes) \
                if classes else np.zeros((h, w), np.uint8)
            write_png(mined, out / 'mined' / f'{name}.png')  # last: its presence marks the image done
    return len(todo)


def cumulative_mined(layout: RunLayout, name: str, rounds: Iterable[int]) -> np.ndarray:
    """Union of the mined maps of ``rounds`` for image ``name``."""
    return union_of_rounds([read_label_png(str(round_dir(layout, r) / 'mined' / f'{name}.png')) for r in rounds])


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
