"""Epochs as iterations: one pass over a dataset config's images at batch_size x processes."""
import json

from platform_core.scenario import iters_per_epoch


def synthvoc(root, **kwargs):
    return dict(type='SynthVOCDataset', data_root=str(root), ann_file='ImageSets/Segmentation/train.txt', **kwargs)


def test_one_epoch_is_the_images_over_the_global_batch(tiny_data):
    assert iters_per_epoch(synthvoc(tiny_data), 2, world_size=1) == 16 / 2
    assert iters_per_epoch(synthvoc(tiny_data), 2, world_size=2) == 16 / 4
    assert iters_per_epoch(synthvoc(tiny_data, pipeline=[dict(type='LoadImageFromFile')]), 4) == 16 / 4


def test_the_image_filter_counts(tiny_data):
    labels = json.loads((tiny_data / 'image_labels.json').read_text())
    train = (tiny_data / 'ImageSets/Segmentation/train.txt').read_text().split()
    expected = sum(bool({1, 2, 3} & set(labels[i])) for i in train)
    assert 0 < expected < 16
    assert iters_per_epoch(synthvoc(tiny_data, class_filter=dict(any_of=[1, 2, 3])), 1, world_size=1) == expected
