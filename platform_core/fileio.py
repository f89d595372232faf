"""Atomic writes: every checkpoint, state and results file goes to a temp file renamed into place."""
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Union

from mmengine.fileio import LocalBackend, register_backend

from .errors import StorageError

__all__ = ['atomic_write_bytes', 'atomic_write_text', 'atomic_write_json', 'remove_stale_temps', 'AtomicLocalBackend']

PathLike = Union[str, os.PathLike]


def atomic_write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageError(f'no space left on the device of {path.parent} to write {path.name} '
                               f'({len(data):,} bytes): free some space there, then continue the run with --resume '
                               '(what was written before is intact: files are replaced only once fully written).'
                               ) from exc
        raise


def atomic_write_text(path: PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode('utf-8'))


def atomic_write_json(path: PathLike, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=False) + '\n')


def remove_stale_temps(folder: PathLike) -> list[Path]:
    """Delete the temp files that writes killed before their rename left under ``folder`` (``.<name>.*.tmp``,
    as :func:`atomic_write_bytes` names them); only while no other process writes there. Returns them."""
    stale = [p for p in Path(folder).rglob('.*.tmp') if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


@register_backend('local', force=True, prefixes='')  # plain paths resolve here
class AtomicLocalBackend(LocalBackend):
    """mmengine's local file backend, but ``put`` renames into place (checkpoints, last_checkpoint)."""

    def put(self, obj: bytes, filepath: PathLike) -> None:
        atomic_write_bytes(filepath, obj)

    def put_text(self, obj: str, filepath: PathLike, encoding: str = 'utf-8') -> None:
        atomic_write_bytes(filepath, obj.encode(encoding))
