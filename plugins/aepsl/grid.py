"""The round-by-round grid: one row per image; columns image | saliency | per round: CAM, mined union
so far | assembled mask | ground truth (for the reader only)."""
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
from PIL import Image

from platform_core.data.synthvoc import voc_palette
from platform_core.engine.layout import RunLayout

from .masks import IGNORE
from .mining import cumulative_mined, round_dir, write_png
from .transforms import read_label_png

__all__ = ['write_rounds_grid', 'colorize']

_PALETTE = np.array(voc_palette(), np.uint8).reshape(256, 3)
_PALETTE[IGNORE] = (255, 255, 255)


def colorize(label: np.ndarray) -> np.ndarray:
    """A label map as RGB with the VOC palette (ignore in white)."""
    return _PALETTE[label]


def heat(values: np.ndarray) -> np.ndarray:
    """A [0, 1] map as an RGB heat map (black -> red -> yellow)."""
    v = np.clip(values, 0, 1)
    return (np.stack([np.clip(2 * v, 0, 1), np.clip(2 * v - 1, 0, 1), np.zeros_like(v)], -1) * 255).astype(np.uint8)


def round_cam(layout: RunLayout, r: int, name: str, shape: tuple) -> np.ndarray:
    """Max over the image's classes of round r's saved CAMs, in [0, 1]."""
    maps = [np.asarray(Image.open(p), np.float32) / 255 for p in (round_dir(layout, r) / 'cams').glob(f'{name}_*.png')]
    return np.max(maps, 0) if maps else np.zeros(shape, np.float32)


def write_rounds_grid(layout: RunLayout, names: Sequence[str], image_paths: Mapping[str, str],
                      saliency_paths: Mapping[str, str], rounds: int, gt_paths: Mapping[str, str]) -> Path:
    """Write ``task_<rounds-1>/aepsl/rounds_grid.png`` and return its path."""
    rows = []
    for name in names:
        image = np.asarray(Image.open(image_paths[name]).convert('RGB'))
        shape = image.shape[:2]
        tiles = [image, heat(np.asarray(Image.open(saliency_paths[name]), np.float32) / 255)]
        for r in range(rounds):
            tiles += [heat(round_cam(layout, r, name, shape)), colorize(cumulative_mined(layout, name, range(r + 1)))]
        assembled = round_dir(layout, rounds - 1) / 'assembled' / f'{name}.png'
        tiles += [colorize(read_label_png(str(assembled))), colorize(read_label_png(gt_paths[name]))]
        rows.append(np.concatenate([np.pad(t, ((2, 2), (2, 2), (0, 0)), constant_values=128) for t in tiles], 1))
    path = round_dir(layout, rounds - 1) / 'rounds_grid.png'
    write_png(np.concatenate(rows, 0), path)
    return path
