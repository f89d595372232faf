"""EpisodicDataset on tiny SynthVOC: episode tensors, masks agree with labels, seeded runs."""
import numpy as np
import pytest
import torch

from platform_core.errors import ConfigError
from plugins.fewshot.dataset import EpisodicDataset


def make(root, **kwargs):
    inner = dict(type='SynthVOCDataset', data_root=str(root), ann_file='ImageSets/Segmentation/train.txt',
                 data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
                 pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')])
    return EpisodicDataset(dataset=inner, **{'classes': list(range(1, 21)), **kwargs})


def test_episode_item_shapes_and_local_labels(tiny_data):
    ds = make(tiny_data, ways=2, shots=1, queries=1, runs=2, episodes=3, seed=5)
    assert len(ds) == 6
    item = ds[4]
    sample = item['data_samples']
    assert item['inputs'].shape == (1, 3, 64, 64) and item['inputs'].dtype == torch.uint8
    assert sample.support_imgs.shape == (2, 1, 3, 64, 64) and sample.support_fg.shape == (2, 1, 64, 64)
    assert sample.run == 1 and sample.episode == 1 and len(sample.episode_classes) == 2
    labels = sample.gt_sem_seg.data
    assert labels.shape == (1, 64, 64) and set(labels.unique().tolist()) <= {0, 1, 2, 255}
    assert (labels == 1).any()  # the query shows the first way's class
    assert not (sample.support_fg * sample.support_bg).any()


def test_same_index_same_episode_and_runs_differ(tiny_data):
    ds = make(tiny_data, runs=2, episodes=4, seed=1234)
    assert [ds.episode(i) for i in range(8)] == [ds.episode(i) for i in range(8)]
    assert [ds.episode(i) for i in range(4)] != [ds.episode(i) for i in range(4, 8)]


def test_box_annotation_covers_the_mask(tiny_data):
    mask_ds, box_ds = make(tiny_data, episodes=2), make(tiny_data, episodes=2, annotation='box')
    fg, box = mask_ds[0]['data_samples'].support_fg, box_ds[0]['data_samples'].support_fg
    assert box.sum() >= fg.sum() and not (fg * (1 - box)).any()


def test_unknown_annotation_is_a_config_error(tiny_data):
    with pytest.raises(ConfigError, match="annotation 'polygon' is not one of"):
        make(tiny_data, annotation='polygon')
