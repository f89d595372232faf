"""Safe checkpoint loading under torch's ``weights_only=True`` default.

mmengine 0.10.7 calls ``torch.load`` without ``weights_only``; its resume checkpoints hold a
``HistoryBuffer``, numpy arrays and a builtins ``getattr`` reference. ``getattr`` can never be
allow-listed (it opens arbitrary code), so: every checkpoint clseg writes has its sha256 recorded in a
trust store, and only those files load fully. Any other file loads weights-only with an allow-list of
mmengine's and numpy's plain types; anything beyond that needs an explicit ``--trust-checkpoint``.
"""
import fcntl
import hashlib
import os
import pickle
import re
import zipfile
from pathlib import Path
from typing import Any, Optional

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader

from .errors import CheckpointError
from .fileio import atomic_write_text

__all__ = ['SAFE_GLOBALS', 'trust_store_path', 'record_trusted', 'is_trusted', 'load_checkpoint_file',
           'TRUST_ENV']

TRUST_ENV = 'CLSEG_TRUST_CHECKPOINTS'  # '1': the user passed --trust-checkpoint for this run


def _numpy_globals() -> list:
    dtype_classes = [getattr(np.dtypes, name) for name in dir(np.dtypes) if name.endswith('DType')]
    scalar_types = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                    np.uint64, np.float16, np.float32, np.float64]
    return [np._core.multiarray._reconstruct, np._core.multiarray.scalar, np.ndarray, np.dtype,
            *dtype_classes, *scalar_types]


SAFE_GLOBALS = [HistoryBuffer, *_numpy_globals()]


def trust_store_path() -> Path:
    """Where the sha256 of every checkpoint written by clseg on this machine is recorded."""
    default = Path.home() / '.cache' / 'clseg' / 'trusted_checkpoints.txt'
    return Path(os.environ.get('CLSEG_TRUST_STORE', default))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def _trusted_hashes() -> set[str]:
    store = trust_store_path()
    if not store.is_file():
        return set()
    return {line.split()[0] for line in store.read_text().splitlines() if line.strip()}


def record_trusted(path: str | os.PathLike) -> None:
    """Record a checkpoint this process just wrote as trusted (full load allowed). The store's read-modify-write
    holds an exclusive lock on ``<store>.lock``: runs recording at once (the ledger's and the demo's parallel
    runs) would otherwise drop each other's records."""
    path = Path(path).resolve()
    digest = sha256_file(path)
    store = trust_store_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(store.with_name(store.name + '.lock'), 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lines = store.read_text().splitlines() if store.is_file() else []
        lines.append(f'{digest}  {path}')
        atomic_write_text(store, '\n'.join(lines[-10000:]) + '\n')


def is_trusted(path: str | os.PathLike) -> bool:
    return os.environ.get(TRUST_ENV) == '1' or sha256_file(Path(path)) in _trusted_hashes()


@CheckpointLoader.register_scheme(prefixes='', force=True)
def load_checkpoint_file(filename: str, map_location: Optional[Any] = None) -> Any:
    """mmengine's loader for local paths, made safe (see the module docstring)."""
    path = Path(os.path.expanduser(filename))
    if not path.is_file():
        raise CheckpointError(f'checkpoint {filename} not found. Check the path (load_from, --resume, '
                              "the CKPT argument, or a backbone's pretrained weights). The CPU configs' "
                              'backbone weights are made once by `make pretrain` (tools/pretrain_backbone.py); '
                              'real configs expect ImageNet weights you place in data/pretrained/.')
    if is_trusted(path):
        return torch.load(path, map_location=map_location, weights_only=False)
    try:
        with torch.serialization.safe_globals(SAFE_GLOBALS):
            return torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as exc:
        refused = re.search(r'GLOBAL ([\w.]+)', str(exc))
        if refused is None:
            raise _unreadable(filename, exc) from exc
        raise CheckpointError(
            f'checkpoint {filename} holds objects that are not tensors or allow-listed plain types '
            f'(it references GLOBAL {refused.group(1)}). It was not written by clseg on this machine. If you trust its source, '
            'rerun with --trust-checkpoint; otherwise convert it to a plain state_dict.') from exc
    except (RuntimeError, EOFError, zipfile.BadZipFile) as exc:
        raise _unreadable(filename, exc) from exc


def _unreadable(filename: str, exc: BaseException) -> CheckpointError:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = lines[-2] if len(lines) > 2 else (lines[0] if lines else '')  # torch's own reason
    return CheckpointError(f'checkpoint {filename} is not a readable torch checkpoint '
                           f'({type(exc).__name__}: {detail}). It may be truncated or corrupt.')
