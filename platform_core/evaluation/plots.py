"""The figures of a run's report, drawn with matplotlib's object API (no pyplot, no display: headless) and
written atomically as PNG into ``<work_dir>/plots/``. results.md links each one relative to itself."""
import io
import os
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..data.synthvoc import voc_palette
from ..fileio import atomic_write_bytes

__all__ = ['PLOTS_DIR', 'PERCENT', 'IGNORE_INDEX', 'save_figure', 'figure_link', 'heatmap', 'bars', 'lines',
           'colorize', 'label_legend', 'overlays']

PLOTS_DIR = 'plots'
PERCENT = (0, 100)  # the y range of IoU and mIoU axes
IGNORE_INDEX = 255
PALETTE = np.array(voc_palette(), np.uint8).reshape(256, 3)  # label maps in VOC colours, ignore in white
PALETTE[IGNORE_INDEX] = (255, 255, 255)


def save_figure(fig: Figure, path: Path) -> Path:
    """Render ``fig`` to ``path`` (PNG) atomically."""
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format='png', dpi=100, bbox_inches='tight')
    atomic_write_bytes(path, buffer.getvalue())
    return path


def figure_link(path: Path, work_dir: str, caption: str) -> str:
    """A markdown image of ``path`` relative to ``work_dir`` (where results.md is)."""
    return f'![{caption}]({Path(os.path.relpath(path, work_dir)).as_posix()})'


def _width(columns: int) -> float:
    return min(4 + 0.45 * columns, 24)


def heatmap(values: Sequence[Sequence[Optional[float]]], rows: Sequence[str], columns: Sequence[str], *,
            title: str, path: Path) -> Path:
    """Rows x columns of IoU (0-100; None blank) with each value written in its cell."""
    data = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    fig = Figure(figsize=(_width(len(columns)), 1.2 + 0.5 * len(rows)))
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(data), cmap='viridis', vmin=0, vmax=100, aspect='auto')
    ax.set_xticks(range(len(columns)), columns, rotation=60, ha='right', fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    for (r, c), v in np.ndenumerate(data):
        if not np.isnan(v):
            ax.text(c, r, f'{v:.0f}', ha='center', va='center', fontsize=7, color='white' if v < 60 else 'black')
    fig.colorbar(image, ax=ax, label='IoU')
    ax.set_title(title)
    return save_figure(fig, path)


def bars(labels: Sequence[str], values: Sequence[Optional[float]], *, title: str, ylabel: str, path: Path,
         errors: Optional[Sequence[Optional[float]]] = None, groups: Optional[Sequence[str]] = None,
         ylim: Optional[tuple] = None) -> Path:
    """One bar per label (None: no bar), optional error bars, coloured by ``groups`` with a legend."""
    heights = [np.nan if v is None else v for v in values]
    kinds = list(dict.fromkeys(groups)) if groups else ['']
    colours = {kind: f'C{i}' for i, kind in enumerate(kinds)}
    fig = Figure(figsize=(_width(len(labels)), 4))
    ax = fig.add_subplot()
    yerr = None if errors is None else [0 if e is None else e for e in errors]
    ax.bar(range(len(labels)), heights, yerr=yerr, capsize=3,
           color=[colours[g] for g in groups] if groups else 'C0')
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha='right', fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_ylim(ylim)
    ax.set_title(title)
    if groups:
        ax.legend(handles=[Patch(color=colours[k], label=k) for k in kinds], fontsize=8)
    return save_figure(fig, path)


def lines(x_labels: Sequence[str], series: dict, *, title: str, ylabel: str, path: Path,
          ylim: Optional[tuple] = None) -> Path:
    """One line per ``series`` name over the x labels (None: a gap)."""
    fig = Figure(figsize=(max(5, 1.2 * len(x_labels)), 4))
    ax = fig.add_subplot()
    for name, values in series.items():
        ax.plot(range(len(x_labels)), [np.nan if v is None else v for v in values], marker='o', label=name)
    ax.set_xticks(range(len(x_labels)), x_labels, rotation=30, ha='right', fontsize=8)
    ax.set_ylim(ylim)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    return save_figure(fig, path)


def colorize(label: np.ndarray) -> np.ndarray:
    """A label map (H, W) as RGB in the VOC palette, ignore (255) in white."""
    return PALETTE[np.asarray(label, np.uint8)]


def label_legend(labels: Sequence[np.ndarray], class_names: Sequence[str]) -> list:
    """Legend patches for the labels present in ``labels``."""
    present = sorted({int(v) for label in labels for v in np.unique(label)})
    return [Patch(facecolor=PALETTE[c] / 255, edgecolor='black',
                  label='ignore' if c == IGNORE_INDEX else class_names[c])
            for c in present if c == IGNORE_INDEX or c < len(class_names)]


def overlays(samples: Sequence[tuple], class_names: Sequence[str], *, title: str, path: Path) -> Path:
    """One row per (image RGB, ground truth, prediction): the image, the image under each label map, and a
    legend of the classes shown."""
    columns = ('image', 'ground truth', 'prediction')
    fig = Figure(figsize=(7, 2.2 * len(samples) + 1))
    axes = fig.subplots(len(samples), len(columns), squeeze=False)
    for row, (image, truth, pred) in zip(axes, samples):
        for ax, label in zip(row, (None, truth, pred)):
            ax.imshow(image)
            if label is not None:
                ax.imshow(colorize(label), alpha=0.6, interpolation='nearest')
            ax.set_axis_off()
    for ax, name in zip(axes[0], columns):
        ax.set_title(name, fontsize=8)
    fig.suptitle(title, fontsize=9)
    legend = label_legend([label for _, truth, pred in samples for label in (truth, pred)], class_names)
    fig.legend(handles=legend, loc='lower center', ncol=min(len(legend), 5), fontsize=7)
    return save_figure(fig, path)
