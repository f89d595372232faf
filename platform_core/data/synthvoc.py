"""SynthVOC: a procedural 20-class dataset in real Pascal VOC layout (DESIGN.md, "Embedded default data").

A foreground class is a composition shape x texture, named in words ("striped circle"), so attribute
and text embeddings carry meaning. Every image is drawn from its own generator seeded by
(seed, split, index), so the output is byte-identical whatever the number of worker processes.
Pure numpy + Pillow.
"""
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Union

import numpy as np
from PIL import Image

from platform_core.errors import ConfigError, DatasetError
from platform_core.progress import progress

__all__ = [
    'SHAPES', 'TEXTURES', 'CLASS_NAMES', 'FORMAT_VERSION', 'class_attributes', 'attribute_matrix',
    'voc_palette', 'render_sample', 'generate', 'DEFAULT_SIZE', 'DEFAULT_NUM_TRAIN',
    'DEFAULT_NUM_VAL'
]

SHAPES = ('circle', 'square', 'triangle', 'diamond', 'cross')
TEXTURES = ('plain', 'striped', 'dotted', 'checkered')
FORMAT_VERSION = 1
# The embedded default: 64x64 images, in which the CPU configs' models converge within minutes on 2 cores
# (BENCHMARKS.md, "CPU regime"); 6,000 training images, since 1,500 were overfitted within 3,000 iterations.
DEFAULT_SIZE, DEFAULT_NUM_TRAIN, DEFAULT_NUM_VAL = 64, 6000, 500
IGNORE_INDEX = 255
_SPLITS = ('train', 'val')
_MAX_TILT = np.deg2rad(10)  # small, so a cross never turns into an "x"
_MIN_IN_FRAME = 0.4  # fraction of an object's area that must lie inside the image
_MIN_KEPT = 0.3  # fraction of an earlier object that a later one may not occlude beyond
_LAYOUT = ('JPEGImages', 'SegmentationClass', 'ImageSets', 'image_labels.json', 'class_names.txt',
           'classes.json', 'attributes.npy', 'synthvoc.json')


def class_attributes(c: int) -> tuple[str, str]:
    """(shape, texture) of foreground class ``c`` in 1..20."""
    if not isinstance(c, (int, np.integer)) or not 1 <= c <= 20:
        raise ConfigError(f'SynthVOC class index must be a foreground class in 1..20, got {c!r} '
                          '(0 is background and has no attributes)')
    k = int(c) - 1
    return SHAPES[k % 5], TEXTURES[(k // 5 + k % 5) % 4]


CLASS_NAMES = ('background', ) + tuple(f'{t} {s}' for s, t in map(class_attributes, range(1, 21)))


def attribute_matrix() -> np.ndarray:
    """(21, 9) float32: one-hot shape (5) ++ one-hot texture (4); row 0 (background) is zeros."""
    attrs = np.zeros((21, len(SHAPES) + len(TEXTURES)), np.float32)
    for c in range(1, 21):
        shape, texture = class_attributes(c)
        attrs[c, SHAPES.index(shape)] = 1
        attrs[c, len(SHAPES) + TEXTURES.index(texture)] = 1
    return attrs


def voc_palette() -> list[int]:
    """The standard 256-colour VOC palette (768 ints), built by interleaving the index bits."""
    palette = []
    for i in range(256):
        rgb = [0, 0, 0]
        for j in range(8):
            for ch in range(3):
                rgb[ch] |= ((i >> (3 * j + ch)) & 1) << (7 - j)
        palette.extend(rgb)
    return palette


# ----------------------------------------------------------------------------------------- rendering
def _hsv_to_rgb(h: np.ndarray, s: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Vectorised HSV -> RGB in [0, 255]; inputs broadcast, output has a trailing axis of 3."""
    h, s, v = np.broadcast_arrays(*(np.asarray(x, np.float32) for x in (h, s, v)))
    i = np.floor(h * 6).astype(np.int64) % 6
    f = h * 6 - np.floor(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    table = np.stack([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)])  # (6,3,...)
    rgb = np.take_along_axis(table, i[None, None], axis=0)[0]  # (3, ...)
    return np.moveaxis(rgb, 0, -1) * 255


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """Smooth low-frequency colour field plus a linear gradient, float32 (H, W, 3)."""
    g = int(rng.integers(2, 5))
    hue = (rng.uniform() + rng.uniform(-0.12, 0.12, (g, g))) % 1
    grid = _hsv_to_rgb(hue, rng.uniform(0.1, 0.5, (g, g)), rng.uniform(0.3, 0.9, (g, g)))
    small = Image.fromarray(grid.astype(np.uint8), 'RGB')
    field = np.asarray(small.resize((size, size), Image.BICUBIC), np.float32)
    ramp = np.linspace(-1, 1, size, dtype=np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    gradient = np.cos(angle) * ramp[None, :] + np.sin(angle) * ramp[:, None]  # (H, W)
    return field * (1 + rng.uniform(0.05, 0.25) * gradient[..., None])


def _shape_mask(shape: str, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Boolean mask of a unit-radius shape in local coordinates (v points down)."""
    au, av = np.abs(u), np.abs(v)
    if shape == 'circle':
        return u * u + v * v <= 1
    if shape == 'square':
        return np.maximum(au, av) <= 0.8
    if shape == 'triangle':  # upright, inscribed in the unit circle
        return (v <= 0.5) & (np.sqrt(3) * au - v <= 1)
    if shape == 'diamond':  # taller than wide, so no tilt makes it a square
        return au / 0.7 + av <= 1
    if shape == 'cross':
        return ((au <= 0.33) & (av <= 0.95)) | ((av <= 0.33) & (au <= 0.95))
    raise ValueError(f'unknown shape {shape!r}')


@lru_cache(maxsize=None)
def _unit_area(shape: str) -> float:
    """Area of the unit-radius shape, measured on a fine grid."""
    t = np.linspace(-1.2, 1.2, 601)
    u, v = np.meshgrid(t, t)
    return float(_shape_mask(shape, u, v).mean() * 2.4**2)


def _texture(rng: np.random.Generator, texture: str, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Boolean "second colour" pattern in pixel units, random orientation and phase."""
    phi = rng.uniform(0, np.pi)
    a = dx * np.cos(phi) + dy * np.sin(phi) + rng.uniform(0, 20)
    b = -dx * np.sin(phi) + dy * np.cos(phi) + rng.uniform(0, 20)
    if texture == 'plain':
        return np.zeros(dx.shape, bool)
    if texture == 'striped':
        period = rng.uniform(5, 8)
        return a % period < period / 2
    if texture == 'dotted':
        pitch = rng.uniform(7, 10)
        radius = rng.uniform(0.25, 0.35) * pitch
        return (a % pitch - pitch / 2)**2 + (b % pitch - pitch / 2)**2 <= radius**2
    if texture == 'checkered':
        period = rng.uniform(6, 8)
        return (np.floor(a / period) + np.floor(b / period)) % 2 == 0
    raise ValueError(f'unknown texture {texture!r}')


def _colour_pair(rng: np.random.Generator, under: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two contrasting colours of random hue, the first one distinct from ``under`` (RGB mean)."""
    for _ in range(10):
        hue = rng.uniform()
        light, dark = rng.uniform(0.75, 1.0), rng.uniform(0.15, 0.45)
        values = (light, dark) if rng.uniform() < 0.5 else (dark, light)
        first = _hsv_to_rgb(hue, rng.uniform(0.35, 1.0), values[0])
        if np.linalg.norm(first - under) > 60:
            break
    second = _hsv_to_rgb((hue + rng.uniform(0.25, 0.75)) % 1, rng.uniform(0.3, 1.0), values[1])
    return first, second


def _place(rng: np.random.Generator, shape: str, size: int, xx: np.ndarray, yy: np.ndarray):
    """Random radius, tilt and centre with >= 40% of the shape in frame -> (mask, dx, dy)."""
    radius = rng.uniform(0.12, 0.35) * size
    tilt = rng.uniform(-_MAX_TILT, _MAX_TILT)
    for attempt in range(50):
        cx, cy = rng.uniform(0, size, 2) if attempt < 49 else (size / 2, size / 2)
        dx, dy = xx - cx, yy - cy
        u = (dx * np.cos(tilt) + dy * np.sin(tilt)) / radius
        v = (-dx * np.sin(tilt) + dy * np.cos(tilt)) / radius
        mask = _shape_mask(shape, u, v)
        if mask.sum() >= _MIN_IN_FRAME * _unit_area(shape) * radius**2:
            break
    return mask, dx, dy


def _dilate(mask: np.ndarray) -> np.ndarray:
    """3x3 binary dilation."""
    h, w = mask.shape
    padded = np.pad(mask, 1)
    out = np.zeros_like(mask)
    for oy in range(3):
        for ox in range(3):
            out |= padded[oy:oy + h, ox:ox + w]
    return out


def _occludes_too_much(instances: np.ndarray, mask: np.ndarray, areas: list[int]) -> bool:
    """Whether drawing ``mask`` on top would leave an earlier object with < 30% of its area."""
    hidden = np.bincount(instances[mask & (instances >= 0)], minlength=len(areas))
    kept = np.bincount(instances[instances >= 0], minlength=len(areas)) - hidden
    return bool(np.any(kept < _MIN_KEPT * np.asarray(areas)))


def render_sample(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """One image (H, W, 3) uint8 and its VOC label map (H, W) uint8 with values in {0..20, 255}.

    1-3 objects of uniformly random class are drawn in sequence, later ones occluding earlier ones
    (but never hiding more than 70% of one); a 1-px ignore band surrounds each visible object.
    """
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    canvas = _background(rng, size)
    instances = np.full((size, size), -1, np.int64)
    classes: list[int] = []
    areas: list[int] = []
    for _ in range(int(rng.integers(1, 4))):
        c = int(rng.integers(1, 21))
        shape, texture = class_attributes(c)
        for _attempt in range(20):
            mask, dx, dy = _place(rng, shape, size, xx, yy)
            if not _occludes_too_much(instances, mask, areas):
                break
        else:
            continue  # no placement keeps the earlier objects visible: skip this object
        first, second = _colour_pair(rng, canvas[mask].mean(axis=0))
        pattern = _texture(rng, texture, dx[mask], dy[mask])
        shade = 1 + rng.uniform(-0.15, 0.15) * (dx[mask] + dy[mask]) / size
        canvas[mask] = np.where(pattern[:, None], second, first) * shade[:, None]
        instances[mask] = len(classes)
        classes.append(c)
        areas.append(int(mask.sum()))
    return _finish(rng, canvas, instances, classes)


def _finish(rng: np.random.Generator, canvas: np.ndarray, instances: np.ndarray,
            classes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Add sensor noise to the image; paint the label map with the VOC-style ignore band."""
    noisy = canvas + rng.normal(0, 3, canvas.shape)
    image = np.clip(np.rint(noisy), 0, 255).astype(np.uint8)
    label = np.zeros(instances.shape, np.uint8)
    band = np.zeros(instances.shape, bool)
    for i, c in enumerate(classes):
        region = instances == i
        label[region] = c
        band |= _dilate(region) & ~region  # the object's outer edge
    label[band] = IGNORE_INDEX
    return image, label


# ------------------------------------------------------------------------------------------- writing
def _make_one(job: tuple[str, int, int, int, int, str]) -> tuple[str, list[int]]:
    """Render and save one image; returns (id, sorted fg classes present). Runs in a worker."""
    root, size, seed, split_code, index, image_id = job
    rng = np.random.default_rng([seed, split_code, index])
    image, label = render_sample(rng, size)
    Image.fromarray(image, 'RGB').save(os.path.join(root, 'JPEGImages', f'{image_id}.jpg'), quality=95)
    png = Image.frombytes('P', label.shape[::-1], label.tobytes())
    png.putpalette(voc_palette())
    png.save(os.path.join(root, 'SegmentationClass', f'{image_id}.png'))
    present = sorted(int(c) for c in np.unique(label) if 0 < c < IGNORE_INDEX)
    return image_id, present


def _split_ids(num_train: int, num_val: int) -> dict[str, list[str]]:
    """Image ids per split: one running counter, so ids are unique across splits."""
    ids = [f'synth_{i:06d}' for i in range(num_train + num_val)]
    return {'train': ids[:num_train], 'val': ids[num_train:]}


def _render_all(root: Path, params: dict, workers: int) -> dict[str, list[int]]:
    """Render every image into ``root`` with ``workers`` processes -> {id: classes present}."""
    jobs = [(str(root), params['size'], params['seed'], code, i, image_id)
            for code, split in enumerate(_SPLITS)
            for i, image_id in enumerate(_split_ids(params['num_train'], params['num_val'])[split])]
    description = f'SynthVOC {params["size"]} px, seed {params["seed"]}'
    if workers == 1:
        return dict(progress(map(_make_one, jobs), description, total=len(jobs)))
    chunk = max(1, len(jobs) // (workers * 8))
    with multiprocessing.get_context('spawn').Pool(workers) as pool:
        return dict(progress(pool.imap_unordered(_make_one, jobs, chunksize=chunk), description, total=len(jobs)))


def _write_lists(root: Path, ids: dict[str, list[str]], labels: dict[str, list[int]]) -> None:
    """ImageSets/Segmentation/<split>.txt and VOC's per-class ImageSets/Main/<slug>_<split>.txt."""
    for split, split_ids in ids.items():
        seg_list = root / 'ImageSets' / 'Segmentation' / f'{split}.txt'
        seg_list.write_text(''.join(f'{i}\n' for i in split_ids))
        for c in range(1, 21):
            slug = CLASS_NAMES[c].replace(' ', '_')
            lines = ''.join(f'{i} {1 if c in labels[i] else -1:2d}\n' for i in split_ids)
            (root / 'ImageSets' / 'Main' / f'{slug}_{split}.txt').write_text(lines)


def _write_metadata(root: Path, params: dict, ids: dict[str, list[str]],
                    labels: dict[str, list[int]]) -> dict:
    """Class tables, attributes, image-level labels and, last, synthvoc.json; returns its contents."""
    (root / 'class_names.txt').write_text(''.join(f'{n}\n' for n in CLASS_NAMES))
    table = [{'index': 0, 'name': 'background', 'shape': None, 'texture': None}]
    table += [{'index': c, 'name': CLASS_NAMES[c], 'shape': s, 'texture': t}
              for c, (s, t) in enumerate(map(class_attributes, range(1, 21)), start=1)]
    (root / 'classes.json').write_text(json.dumps(table, indent=1) + '\n')
    np.save(root / 'attributes.npy', attribute_matrix())
    ordered = {i: labels[i] for split_ids in ids.values() for i in split_ids}
    (root / 'image_labels.json').write_text(json.dumps(ordered, indent=0) + '\n')
    per_class = {CLASS_NAMES[c]: sum(c in labels[i] for i in ids['train']) for c in range(1, 21)}
    meta = {'format_version': FORMAT_VERSION, 'generator': 'platform_core.data.synthvoc',
            'params': params,
            'counts': {'train': len(ids['train']), 'val': len(ids['val']),
                       'train_images_per_class': per_class}}
    (root / 'synthvoc.json').write_text(json.dumps(meta, indent=1) + '\n')
    return meta


# ---------------------------------------------------------------------------------------- generation
def _check_params(num_train: int, num_val: int, size: int, seed: int, workers: int) -> dict:
    """Validate the generation arguments; returns the parameters stored in synthvoc.json."""
    limits = {'num_train': (num_train, 1), 'num_val': (num_val, 1), 'size': (size, 32),
              'seed': (seed, 0), 'workers': (workers, 1)}
    for key, (value, low) in limits.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ConfigError(f'SynthVOC {key} must be an integer >= {low}, got {value!r}')
    if size > 1024:
        raise ConfigError(f'SynthVOC size must be <= 1024, got {size}')
    # workers is left out on purpose: the bytes written do not depend on it
    return {'num_train': int(num_train), 'num_val': int(num_val), 'size': int(size), 'seed': int(seed)}


def _existing(root: Path, params: dict) -> str:
    """'absent' (missing or empty), 'same' (complete, same parameters) or a reason it differs."""
    if not root.exists():
        return 'absent'
    if not root.is_dir():
        raise DatasetError(f'{root} exists and is not a directory; pass another --out')
    if not any(root.iterdir()):
        return 'absent'
    try:
        meta = json.loads((root / 'synthvoc.json').read_text())
    except (OSError, ValueError):
        return 'it has no readable synthvoc.json (not a SynthVOC dataset, or a partial one)'
    if meta.get('format_version') != FORMAT_VERSION or meta.get('params') != params:
        return (f'it was made with format_version={meta.get("format_version")} '
                f'params={meta.get("params")}, not format_version={FORMAT_VERSION} params={params}')
    n_images = sum(1 for _ in (root / 'JPEGImages').glob('*.jpg'))
    n_labels = sum(1 for _ in (root / 'SegmentationClass').glob('*.png'))
    if n_images != n_labels or n_images != params['num_train'] + params['num_val']:
        return f'it is incomplete ({n_images} images, {n_labels} label maps)'
    return 'same'


def _replace(tmp: Path, root: Path) -> None:
    """Move the finished ``tmp`` to ``root``, which is absent, empty or a SynthVOC dataset."""
    if root.exists() and any(root.iterdir()):
        unexpected = sorted(p.name for p in root.iterdir() if p.name not in _LAYOUT)
        if unexpected:  # --force must never wipe a folder that is not ours (e.g. --out ~)
            raise DatasetError(f'refusing to replace {root}: it holds files SynthVOC does not write '
                               f'({", ".join(unexpected[:5])}); remove it yourself or pick another --out')
        trash = Path(tempfile.mkdtemp(prefix=f'.{root.name}.old-', dir=root.parent))
        os.replace(root, trash / root.name)
        os.replace(tmp, root)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(tmp, root)


def generate(root: Union[str, os.PathLike], *, num_train: int = DEFAULT_NUM_TRAIN,
             num_val: int = DEFAULT_NUM_VAL, size: int = DEFAULT_SIZE, seed: int = 0, workers: int = 2, force: bool = False) -> dict:
    """Write a SynthVOC dataset to ``root`` atomically (built in a temp folder, renamed into place).

    A complete dataset with the same parameters already at ``root`` is kept (status 'exists');
    any other non-empty folder raises DatasetError unless ``force``, which regenerates it.

    Returns:
        Summary dict: root, status ('generated' | 'exists'), the parameters, counts, seconds.
    """
    params = _check_params(num_train, num_val, size, seed, workers)
    root = Path(root).absolute()
    start = time.perf_counter()
    state = _existing(root, params)
    if state == 'same' and not force:
        meta = json.loads((root / 'synthvoc.json').read_text())
        return {'root': str(root), 'status': 'exists', **params, 'counts': meta['counts'],
                'seconds': time.perf_counter() - start}
    if state not in ('absent', 'same') and not force:
        raise DatasetError(f'{root} already holds something else: {state}. '
                           'Pass --force (force=True) to regenerate, or pick another --out')
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f'.{root.name}.tmp-', dir=root.parent))
    try:
        for sub in ('JPEGImages', 'SegmentationClass', 'ImageSets/Segmentation', 'ImageSets/Main'):
            (tmp / sub).mkdir(parents=True)
        ids = _split_ids(params['num_train'], params['num_val'])
        labels = _render_all(tmp, params, workers)
        _write_lists(tmp, ids, labels)
        meta = _write_metadata(tmp, params, ids, labels)
        _replace(tmp, root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {'root': str(root), 'status': 'generated', **params, 'counts': meta['counts'],
            'seconds': time.perf_counter() - start}
