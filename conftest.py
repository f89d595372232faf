"""Shared fixtures: a tiny SynthVOC per session, and a private checkpoint trust store per test."""
import pytest

from platform_core.testing import make_tiny_synthvoc


@pytest.fixture(autouse=True)
def private_trust_store(tmp_path, monkeypatch):
    """Never let tests write to ~/.cache/clseg."""
    monkeypatch.setenv('CLSEG_TRUST_STORE', str(tmp_path / 'trusted_checkpoints.txt'))
    monkeypatch.delenv('CLSEG_TRUST_CHECKPOINTS', raising=False)


@pytest.fixture(scope='session')
def tiny_data(tmp_path_factory):
    return make_tiny_synthvoc(tmp_path_factory.mktemp('data') / 'synthvoc')


@pytest.fixture(autouse=True, scope='session')
def mmseg_scope():
    """Build transforms and models in mmseg's registry scope, as every clseg config does."""
    from mmengine.registry import init_default_scope
    init_default_scope('mmseg')
