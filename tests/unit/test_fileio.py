"""Atomic writes: readers see the old file or the new one, never a part, and no temp file stays."""
import errno
import json
import os

import mmengine.fileio
import pytest

import platform_core  # noqa: F401  (registers the atomic local backend)
from platform_core import fileio
from platform_core.errors import StorageError
from platform_core.fileio import (AtomicLocalBackend, atomic_write_bytes, atomic_write_json, atomic_write_text,
                                  remove_stale_temps)


def _boom(*args, **kwargs):
    raise OSError('disk full')


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / 'out' / 'state.json'
    path.parent.mkdir()
    path.write_text('old')
    return path


def test_write_text_creates_parents(tmp_path):
    path = tmp_path / 'a' / 'b' / 'c.txt'
    atomic_write_text(path, 'héllo')
    assert path.read_bytes() == 'héllo'.encode('utf-8')


def test_write_replaces_and_leaves_no_temp_on_success(old_file):
    atomic_write_bytes(old_file, b'new')
    assert old_file.read_bytes() == b'new'
    assert os.listdir(old_file.parent) == ['state.json']


def test_write_json_is_indented_with_trailing_newline(tmp_path):
    path = tmp_path / 'r.json'
    atomic_write_json(path, {'b': [1, 2], 'a': None})
    assert path.read_text() == '{\n  "b": [\n    1,\n    2\n  ],\n  "a": null\n}\n'
    assert json.loads(path.read_text()) == {'b': [1, 2], 'a': None}


@pytest.mark.parametrize('patched', ['replace', 'fsync'])
def test_failure_midway_keeps_old_file_and_removes_temp(old_file, monkeypatch, patched):
    """A failure after the temp file exists (fsync, rename) re-raises, keeps the old file, drops the temp."""
    monkeypatch.setattr(fileio.os, patched, _boom)
    with pytest.raises(OSError, match='disk full'):
        atomic_write_text(old_file, 'new')
    monkeypatch.undo()
    assert old_file.read_text() == 'old'
    assert os.listdir(old_file.parent) == ['state.json']


def test_a_full_disk_is_one_error_naming_the_file_and_keeps_the_old_one(old_file, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(fileio.os, 'fsync', full)
    with pytest.raises(StorageError, match=r'no space left on the device of .*out to write state.json \(3 bytes\): '
                                           r'free some space there, then continue the run with --resume'):
        atomic_write_text(old_file, 'new')
    monkeypatch.undo()
    assert old_file.read_text() == 'old' and os.listdir(old_file.parent) == ['state.json']


def test_failure_on_new_file_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio.os, 'replace', _boom)
    with pytest.raises(OSError, match='disk full'):
        atomic_write_bytes(tmp_path / 'new.bin', b'x')
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_json_that_cannot_be_serialised_keeps_old_file(old_file):
    with pytest.raises(TypeError, match='not JSON serializable'):
        atomic_write_json(old_file, {'a': object()})
    assert old_file.read_text() == 'old'
    assert os.listdir(old_file.parent) == ['state.json']


def test_local_backend_name_is_atomic():
    """mmengine's 'local' backend name resolves to AtomicLocalBackend."""
    backend = mmengine.fileio.get_file_backend(backend_args={'backend': 'local'})
    assert type(backend) is AtomicLocalBackend


def test_local_path_resolves_to_atomic_backend():
    assert type(mmengine.fileio.get_file_backend('/tmp/x')) is AtomicLocalBackend


def test_backend_put_creates_parents_and_writes(tmp_path):
    backend = AtomicLocalBackend()
    backend.put(b'\x00\x01', tmp_path / 'ckpt' / 'epoch_1.pth')
    backend.put_text('épsilon', tmp_path / 'ckpt' / 'last_checkpoint', encoding='latin-1')
    assert (tmp_path / 'ckpt' / 'epoch_1.pth').read_bytes() == b'\x00\x01'
    assert (tmp_path / 'ckpt' / 'last_checkpoint').read_bytes() == 'épsilon'.encode('latin-1')
    assert sorted(os.listdir(tmp_path / 'ckpt')) == ['epoch_1.pth', 'last_checkpoint']


@pytest.mark.parametrize('method, obj', [('put', b'new'), ('put_text', 'new')])
def test_backend_put_is_atomic(old_file, monkeypatch, method, obj):
    monkeypatch.setattr(fileio.os, 'replace', _boom)
    with pytest.raises(OSError, match='disk full'):
        getattr(AtomicLocalBackend(), method)(obj, old_file)
    monkeypatch.undo()
    assert old_file.read_text() == 'old'
    assert os.listdir(old_file.parent) == ['state.json']


def test_temps_of_killed_writes_are_removed_and_nothing_else(tmp_path):
    (tmp_path / 'task_0').mkdir()
    stale = [tmp_path / '.results.json.ab12.tmp', tmp_path / 'task_0' / '.iter_8.pth.x9.tmp']
    kept = [tmp_path / 'results.json', tmp_path / 'task_0' / 'iter_8.pth', tmp_path / 'notes.tmp']
    for path in stale + kept:
        path.write_text('x')
    assert sorted(remove_stale_temps(tmp_path)) == sorted(stale)
    assert all(p.is_file() for p in kept) and not any(p.exists() for p in stale)
