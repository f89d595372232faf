"""VOC-layout datasets load through mmseg's path and name the file or folder that is wrong."""
import shutil

import pytest

from platform_core.data import SynthVOCDataset
from platform_core.errors import DatasetError

PREFIX = dict(img_path='JPEGImages', seg_map_path='SegmentationClass')
PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='PackSegInputs')]


def build(root, **kwargs):
    return SynthVOCDataset(data_root=str(root), data_prefix=PREFIX, ann_file='ImageSets/Segmentation/val.txt',
                           pipeline=PIPELINE, **kwargs)


def test_loads_samples_with_labels_in_class_range(tiny_data):
    dataset = build(tiny_data)
    assert len(dataset) == 8
    label = dataset[0]['data_samples'].gt_sem_seg.data
    assert set(label.unique().tolist()) <= set(range(21)) | {255}
    assert dataset.metainfo['classes'][1] == 'plain circle'


def test_missing_data_root_names_the_layout_and_the_command(tmp_path):
    with pytest.raises(DatasetError, match=r"data root '.*nowhere' does not exist.*make_synthetic.py --out"
                                           r"(.|\n)*JPEGImages/<id>.jpg"):
        build(tmp_path / 'nowhere')


def test_missing_split_list_is_named(tmp_path, tiny_data):
    root = tmp_path / 'copy'
    shutil.copytree(tiny_data, root)
    (root / 'ImageSets/Segmentation/val.txt').unlink()
    with pytest.raises(DatasetError, match=r"is missing \[.*val.txt'\]"):
        build(root)


def test_corrupt_mask_png_names_the_file(tmp_path, tiny_data):
    root = tmp_path / 'copy'
    shutil.copytree(tiny_data, root)
    first = (root / 'ImageSets/Segmentation/val.txt').read_text().split()[0]
    (root / 'SegmentationClass' / f'{first}.png').write_bytes(b'\x89PNG\r\n\x1a\nnot really a png')
    dataset = build(root)
    with pytest.raises(DatasetError, match=rf'could not load sample 0 .*mask .*{first}.png.*corrupt or truncated'):
        dataset[0]
