"""The round-by-round grid: one row per image; titled columns image | saliency | per round: CAM, mined union
so far | assembled mask | ground truth (for the reader only); a legend names the classes' colours."""
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from platform_core.engine.layout import RunLayout
from platform_core.evaluation.plots import colorize, label_legend, save_figure

from .mining import cumulative_mined, round_dir
from .transforms import read_label_png

__all__ = ['write_rounds_grid']


def heat(values: np.ndarray) -> np.ndarray:
    """A [0, 1] map as an RGB heat map (black -> red -> yellow)."""
    v = np.clip(values, 0, 1)
    return (np.stack([np.clip(2 * v, 0, 1), np.clip(2 * v - 1, 0, 1), np.zeros_like(v)], -1) * 255).astype(np.uint8)


def round_cam(layout: RunLayout, r: int, name: str, shape: tuple) -> np.ndarray:
    """Max over the image's classes of round r's saved CAMs, in [0, 1]."""
    maps = [np.asarray(Image.open(p), np.float32) / 255 for p in (round_dir(layout, r) / 'cams').glob(f'{name}_*.png')]
    return np.max(maps, 0) if maps else np.zeros(shape, np.float32)


def write_rounds_grid(layout: RunLayout, names: Sequence[str], image_paths: Mapping[str, str],
                      saliency_paths: Mapping[str, str], rounds: int, gt_paths: Mapping[str, str],
                      class_names: Sequence[str], *, out: Path, rule: str = 'first_claim') -> Path:
    """Write ``out/rounds_grid.png`` (titled columns, a legend of the classes shown) and return its path.

    ``rounds``: the erasing rounds whose masks were used (the first ``rounds``); ``rule``: their union rule.
    ``out`` holds the ``assembled`` masks."""
    per_round = ((f'round {r + 1} CAM', 'mined, round 1' if r == 0 else f'mined, rounds 1-{r + 1}')
                 for r in range(rounds))
    titles = ['image', 'saliency', *(t for pair in per_round for t in pair), 'assembled mask', 'ground truth']
    fig = Figure(figsize=(1.3 * len(titles), 1.4 * len(names) + 1.2))
    axes = fig.subplots(len(names), len(titles), squeeze=False)
    shown = []
    for row, name in zip(axes, names):
        tiles, labels = _row_tiles(layout, name, (image_paths, saliency_paths, gt_paths), rounds, out, rule)
        shown += labels
        for ax, tile in zip(row, tiles):
            ax.imshow(tile, interpolation='nearest')
            ax.set_axis_off()
    for ax, title in zip(axes[0], titles):
        ax.set_title(title, fontsize=7)
    legend = label_legend(shown, class_names)
    fig.legend(handles=legend, loc='lower center', ncol=min(len(legend), 6), fontsize=7)
    return save_figure(fig, out / 'rounds_grid.png')


def _row_tiles(layout: RunLayout, name: str, paths: tuple, rounds: int, out: Path, rule: str) -> tuple[list, list]:
    """One image's tiles (RGB) and the label maps among them; ``paths``: image, saliency and ground-truth
    paths by image id."""
    image_paths, saliency_paths, gt_paths = paths
    image = np.asarray(Image.open(image_paths[name]).convert('RGB'))
    tiles = [image, heat(np.asarray(Image.open(saliency_paths[name]), np.float32) / 255)]
    labels = []
    for r in range(rounds):
        labels.append(cumulative_mined(layout, name, range(r + 1), rule))
        tiles += [heat(round_cam(layout, r, name, image.shape[:2])), colorize(labels[-1])]
    labels += [read_label_png(str(out / 'assembled' / f'{name}.png')),
               read_label_png(gt_paths[name])]
    return tiles + [colorize(labels[-2]), colorize(labels[-1])], labels
