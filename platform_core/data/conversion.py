"""Shared machinery of the dataset converters (``tools/dataset_converters/``; write your own with it): resumable per-item conversion with progress, atomic
outputs, image lists, per-class lists, image-level labels and count checks.

Every converted item is logged (key + its foreground classes) to ``<out>/.clseg_convert/<name>.jsonl``
as soon as its output file is in place; a re-run skips items that are logged AND whose output exists,
so an interrupted conversion resumes where it stopped and a finished one is a no-op.
"""
import json
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

import numpy as np
from PIL import Image

from ..errors import DatasetError
from ..fileio import atomic_write_json, atomic_write_text
from ..progress import progress
from .synthvoc import voc_palette

__all__ = ['Job', 'run_jobs', 'save_mask', 'foreground', 'read_list', 'write_list', 'write_per_class',
           'merge_image_labels', 'check_count', 'require', 'main_wrapper', 'VOC_PALETTE']

IGNORE = 255
Job = tuple  # (key, output path or None, *worker arguments)


VOC_PALETTE = voc_palette()


def save_mask(mask: np.ndarray, path: Path) -> None:
    """Write a class-index mask as a palette PNG, atomically (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(mask.astype(np.uint8), mode='P')
    image.putpalette(VOC_PALETTE)
    tmp = path.with_name(f'.{path.name}.{os.getpid()}.tmp')
    image.save(tmp, format='PNG')
    os.replace(tmp, path)


def foreground(mask: np.ndarray) -> list[int]:
    """Sorted classes present in ``mask`` other than 0 (background) and 255 (ignore)."""
    return [int(v) for v in np.unique(mask) if v not in (0, IGNORE)]


def _load_log(log: Path) -> dict[str, list[int]]:
    done: dict[str, list[int]] = {}
    if log.is_file():
        for line in log.read_text().splitlines():
            try:  # a kill mid-write leaves at most one partial last line
                key, classes = json.loads(line)
            except (ValueError, TypeError):
                continue
            done[key] = classes
    return done


def run_jobs(name: str, jobs: Sequence[Job], worker: Callable[[Job], tuple[str, list[int]]], *,
             state_dir: Path, nproc: int = 1) -> dict[str, list[int]]:
    """Run ``worker`` on every job not finished before; return ``{key: foreground classes}`` for all jobs.

    ``worker(job)`` writes the job's output (if any) and returns ``(key, classes)``.
    """
    log = state_dir / '.clseg_convert' / f'{name}.jsonl'
    log.parent.mkdir(parents=True, exist_ok=True)
    done = _load_log(log)
    todo = [job for job in jobs if job[0] not in done or (job[1] is not None and not Path(job[1]).exists())]
    print(f'[{name}] {len(jobs)} items: {len(jobs) - len(todo)} already done, {len(todo)} to convert', flush=True)
    start = time.time()
    with open(log, 'a') as out, Pool(nproc) if nproc > 1 else _Serial() as pool:
        results = pool.imap_unordered(worker, todo, chunksize=8)
        for key, classes in progress(results, f'[{name}]', total=len(todo)):
            out.write(json.dumps([key, classes]) + '\n')
            out.flush()
            done[key] = classes
    print(f'[{name}] {len(todo)} converted in {time.time() - start:.0f}s', flush=True)
    return {job[0]: done[job[0]] for job in jobs}


class _Serial:
    """In-process stand-in for ``multiprocessing.Pool`` (nproc = 1: simpler tracebacks)."""

    def imap_unordered(self, fn: Callable, items: Iterable, chunksize: int = 1) -> Iterable:
        return map(fn, items)

    def __enter__(self) -> '_Serial':
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def read_list(path: Path) -> list[str]:
    require(path, 'an image list')
    return [line.split()[0] for line in path.read_text().splitlines() if line.strip()]


def write_list(path: Path, ids: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, ''.join(f'{i}\n' for i in sorted(ids)))


def write_per_class(folder: Path, classes: dict[str, list[int]], num_classes: int) -> None:
    """``folder/<c>.txt``: the images showing class c, for c in 1..num_classes-1 (empty files included)."""
    for c in range(1, num_classes):
        write_list(folder / f'{c}.txt', [i for i, present in classes.items() if c in present])


def merge_image_labels(path: Path, classes: dict[str, list[int]]) -> None:
    """Add ``classes`` to the ``{id: [classes]}`` JSON at ``path`` (other splits' entries are kept)."""
    labels = json.loads(path.read_text()) if path.is_file() else {}
    labels.update(classes)
    atomic_write_json(path, dict(sorted(labels.items())))


def check_count(what: str, found: int, expected: Optional[int], *, strict: bool = False) -> None:
    """Print how ``found`` compares with the published count; with ``strict`` a difference is an error."""
    if expected is None or found == expected:
        print(f'[check] {what}: {found} images' + (' (= published count)' if expected else ''), flush=True)
        return
    message = (f'{what}: {found} images, the published count is {expected}. Are all archives extracted '
               'into the layout of docs/datasets.md?')
    if strict:
        raise DatasetError(message)
    print(f'[check] WARNING {message}', flush=True)


def require(path: Path, what: str, hint: str = '') -> Path:
    """``path`` if it exists, else a ``DatasetError`` naming it."""
    if not Path(path).exists():
        raise DatasetError(f'{what} not found: {path}. {hint}'.strip())
    return Path(path)


def main_wrapper(main: Callable[[Optional[list[str]]], int], argv: Optional[list[str]] = None) -> int:
    """Run a converter's ``main``, turning ``DatasetError`` into one line on stderr and exit code 2."""
    try:
        return main(argv)
    except DatasetError as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 2
