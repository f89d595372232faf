"""EpisodicDataset: N-way K-shot episodes over a VOC-layout dataset's images (PROTOCOLS.md, "Few-shot")."""
import copy
from typing import Sequence

import numpy as np
import torch
from mmengine.structures import PixelData
from torch.utils.data import Dataset

from platform_core.errors import ConfigError
from platform_core.registry import DATASETS

from .data import EpisodeDataSample
from .episodes import (ANNOTATIONS, Episode, box_masks, class_image_lists, episode_classes, query_label,
                       sample_episode, scribble_masks, support_masks)

__all__ = ['EpisodicDataset']


@DATASETS.register_module()
class EpisodicDataset(Dataset):
    """Episodes over ``dataset`` (a VOCLayoutDataset/SynthVOCDataset config whose pipeline loads and
    resizes to one fixed size, without packing).

    Item ``i`` is episode ``i % episodes`` of run ``i // episodes``, drawn with
    ``numpy.random.default_rng([seed + run, i % episodes])``: test runs use seeds base+r (PANet: 1234..)
    and every episode is reproducible whatever the worker count or order.

    Args:
        dataset: config of the wrapped image dataset.
        classes: classes episodes may draw (base classes in training, novel ones in test).
        ways, shots, queries: N, K and the number of query images (drawn from the first way, as PANet).
        runs, episodes: the dataset has ``runs * episodes`` items.
        seed: base seed.
        annotation: support annotation kind, ``'mask'``, ``'box'`` or ``'scribble'`` (from the masks).
        allow_repeats: let classes with too few images repeat them within an episode (tiny smoke-test data
            only; benchmarks keep False).
    """

    def __init__(self, *, dataset: dict, classes: Sequence[int], ways: int = 1, shots: int = 1, queries: int = 1,
                 runs: int = 1, episodes: int = 1000, seed: int = 0, annotation: str = 'mask',
                 allow_repeats: bool = False) -> None:
        if annotation not in ANNOTATIONS:
            raise ConfigError(f'EpisodicDataset: annotation {annotation!r} is not one of {ANNOTATIONS}.')
        if min(ways, shots, queries, runs, episodes) < 1:
            raise ConfigError('EpisodicDataset: ways, shots, queries, runs and episodes must all be >= 1, got '
                              f'{dict(ways=ways, shots=shots, queries=queries, runs=runs, episodes=episodes)}.')
        inner = copy.deepcopy(dict(dataset))
        inner.setdefault('image_labels', 'masks')  # per-class image lists need each image's classes
        self.dataset = DATASETS.build(inner)
        self.classes = tuple(int(c) for c in classes)
        self.ways, self.shots, self.queries = ways, shots, queries
        self.runs, self.episodes, self.seed, self.annotation = runs, episodes, seed, annotation
        self.allow_repeats = allow_repeats
        present = [self.dataset.get_data_info(i)['image_labels'] for i in range(len(self.dataset))]
        self.lists = class_image_lists(present, self.classes)
        where = f"{inner.get('data_root', '')} {inner.get('ann_file', '')}".strip() or 'the split'
        episode_classes(self.lists, ways=ways, shots=shots, queries=queries, allow_repeats=allow_repeats,
                        where=where)  # a split too small for the episodes is an error now, not at an episode
        self.metainfo = dict(self.dataset.metainfo, episode_classes=self.classes)

    def __len__(self) -> int:
        return self.runs * self.episodes

    def episode(self, index: int) -> Episode:
        """Which images and classes item ``index`` uses (no image is loaded)."""
        run, episode = divmod(index, self.episodes)
        rng = np.random.default_rng([self.seed + run, episode])
        return sample_episode(rng, self.lists, ways=self.ways, shots=self.shots, queries=self.queries,
                              allow_repeats=self.allow_repeats)

    def _load(self, index: int) -> tuple[torch.Tensor, np.ndarray]:
        results = self.dataset.prepare_data(index)
        image = torch.from_numpy(np.ascontiguousarray(results['img'].transpose(2, 0, 1)))  # (3, H, W)
        return image, np.asarray(results['gt_seg_map'])

    def _path(self, index: int) -> str:
        return self.dataset.get_data_info(index)['img_path']

    def _masks(self, label: np.ndarray, cls: int, classes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        fg, bg = support_masks(label, cls, classes)
        if self.annotation == 'box':
            return box_masks(fg, bg)
        if self.annotation == 'scribble':
            return scribble_masks(fg, bg)
        return fg, bg

    def __getitem__(self, index: int) -> dict:
        ep = self.episode(index)
        imgs, fgs, bgs = [], [], []
        for cls, shots in zip(ep.classes, ep.supports):
            for i in shots:
                image, label = self._load(i)
                fg, bg = self._masks(label, cls, ep.classes)
                imgs.append(image), fgs.append(torch.from_numpy(fg)), bgs.append(torch.from_numpy(bg))
        queries = [self._load(i) for i in ep.queries]
        n, k = self.ways, self.shots
        sample = EpisodeDataSample(metainfo=dict(
            episode_classes=ep.classes, run=index // self.episodes, episode=index % self.episodes,
            img_shape=tuple(queries[0][1].shape), ori_shape=tuple(queries[0][1].shape),
            support_paths=tuple(self._path(i) for shots in ep.supports for i in shots),
            query_paths=tuple(self._path(i) for i in ep.queries)))
        sample.support_imgs = torch.stack(imgs).view(n, k, *imgs[0].shape)  # (N, K, 3, H, W)
        sample.support_fg = torch.stack(fgs).view(n, k, *fgs[0].shape)  # (N, K, H, W)
        sample.support_bg = torch.stack(bgs).view(n, k, *bgs[0].shape)
        labels = np.stack([query_label(label, ep.classes) for _, label in queries])  # (Q, H, W)
        sample.gt_sem_seg = PixelData(data=torch.from_numpy(labels).long())
        return dict(inputs=torch.stack([image for image, _ in queries]), data_samples=sample)
