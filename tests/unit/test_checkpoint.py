"""Checkpoints load under weights_only unless clseg wrote them; arbitrary pickles are refused."""
import os

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import _load_checkpoint

from platform_core.checkpoint import TRUST_ENV, is_trusted, load_checkpoint_file, record_trusted
from platform_core.errors import CheckpointError


class Payload:
    """Unpickling this runs a shell command: the kind of object a checkpoint must never smuggle in."""

    def __reduce__(self):
        return (os.system, ('echo pwned > /dev/null',))


def test_plain_state_dict_loads_weights_only(tmp_path):
    path = tmp_path / 'plain.pth'
    torch.save({'state_dict': {'w': torch.ones(2)}}, path)
    assert torch.equal(load_checkpoint_file(str(path))['state_dict']['w'], torch.ones(2))


def test_allow_listed_numpy_types_load(tmp_path):
    path = tmp_path / 'meta.pth'
    torch.save({'meta': {'arr': np.arange(3), 'f': np.float64(2.0), 'dtype': np.dtype('float32')}}, path)
    assert load_checkpoint_file(str(path))['meta']['arr'].tolist() == [0, 1, 2]


def test_foreign_history_buffer_needs_trust_because_it_pickles_getattr(tmp_path):
    """mmengine's HistoryBuffer references builtins.getattr, which is never allow-listed."""
    path = tmp_path / 'hub.pth'
    buffer = HistoryBuffer()
    buffer.update(1.5)
    torch.save({'message_hub': {'log_scalars': {'loss': buffer}}}, path)
    with pytest.raises(CheckpointError, match='GLOBAL getattr'):
        load_checkpoint_file(str(path))
    record_trusted(path)
    assert load_checkpoint_file(str(path))['message_hub']['log_scalars']['loss'].current() == 1.5


def test_arbitrary_pickled_object_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save({'state_dict': {}, 'x': Payload()}, path)
    with pytest.raises(CheckpointError, match=r'evil.pth holds objects that are not tensors or allow-listed '
                                              r'.*not written by clseg.*--trust-checkpoint'):
        load_checkpoint_file(str(path))


def test_mmengine_loader_goes_through_the_safe_loader(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save({'x': Payload()}, path)
    with pytest.raises(CheckpointError, match='holds objects'):
        _load_checkpoint(str(path))


def test_checkpoints_clseg_wrote_load_fully(tmp_path):
    path = tmp_path / 'own.pth'
    torch.save({'fn': getattr}, path)  # mmengine resume checkpoints reference builtins.getattr
    with pytest.raises(CheckpointError):
        load_checkpoint_file(str(path))
    record_trusted(path)
    assert is_trusted(path)
    assert load_checkpoint_file(str(path))['fn'] is getattr


def test_a_modified_trusted_file_is_no_longer_trusted(tmp_path):
    path = tmp_path / 'own.pth'
    torch.save({'w': torch.ones(1)}, path)
    record_trusted(path)
    torch.save({'x': Payload()}, path)
    assert not is_trusted(path)


def test_trust_checkpoint_flag_allows_full_load(tmp_path, monkeypatch):
    path = tmp_path / 'foreign.pth'
    torch.save({'fn': getattr}, path)
    monkeypatch.setenv(TRUST_ENV, '1')
    assert load_checkpoint_file(str(path))['fn'] is getattr


@pytest.mark.parametrize('content, match', [(b'', 'not a readable torch checkpoint'),
                                            (b'garbage bytes', 'not a readable torch checkpoint')])
def test_corrupt_checkpoint_is_named(tmp_path, content, match):
    path = tmp_path / 'broken.pth'
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=match):
        load_checkpoint_file(str(path))


def test_missing_checkpoint_is_named(tmp_path):
    with pytest.raises(CheckpointError, match=r'missing.pth not found'):
        load_checkpoint_file(str(tmp_path / 'missing.pth'))


def _record_all(paths):
    for path in paths:
        record_trusted(path)


def test_runs_recording_at_once_lose_no_record(tmp_path, monkeypatch):
    import multiprocessing
    monkeypatch.setenv('CLSEG_TRUST_STORE', str(tmp_path / 'store.txt'))
    paths = []
    for i in range(120):
        path = tmp_path / f'ckpt_{i}.pth'
        path.write_bytes(f'checkpoint {i}'.encode())
        paths.append(str(path))
    workers = [multiprocessing.get_context('fork').Process(target=_record_all, args=(paths[i::4], ))
               for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert all(worker.exitcode == 0 for worker in workers)
    assert all(is_trusted(path) for path in paths)
