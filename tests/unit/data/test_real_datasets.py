"""Real-dataset loaders on converted tiny fixtures: label conventions, class lists, and errors naming the
file (missing root with layout and converter command, mask values, sizes, unreadable files); split data."""
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from platform_core import splits
from platform_core.data import (ADE20KBgDataset, ADE20KSegDataset, COCOSemanticDataset, PascalContext59Dataset,
                                PascalContext60Dataset, PascalVOCAugDataset, image_class_sets, tiny_real)
from platform_core.errors import ConfigError, DatasetError

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from tools.dataset_converters import ade20k, coco, pascal_context, voc_aug  # noqa: E402

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='PackClsegInputs')]


@pytest.fixture(scope='module')
def roots(tmp_path_factory):
    raw = tmp_path_factory.mktemp('real')
    tiny_real.make_voc_sbd(raw / 'voc')
    tiny_real.make_coco(raw / 'coco')
    tiny_real.make_ade20k(raw / 'ade')
    tiny_real.make_pascal_context(raw / 'ctx')
    voc_aug.main([str(raw / 'voc/VOCdevkit'), str(raw / 'voc/benchmark_RELEASE')])
    coco.main([str(raw / 'coco'), '--split', 'train2014', 'val2014', '--stuff-maps', str(raw / 'coco/stuffthingmaps')])
    ade20k.main([str(raw / 'ade/ADEChallengeData2016')])
    pascal_context.main([str(raw / 'ctx/VOCdevkit/VOC2010'), str(raw / 'ctx/trainval')])
    return dict(voc=raw / 'voc/VOCdevkit/VOC2012', coco=raw / 'coco', ade=raw / 'ade/ADEChallengeData2016',
                ctx=raw / 'ctx/VOCdevkit/VOC2010')


def voc(root, **kwargs):
    kwargs.setdefault('data_prefix', dict(img_path='JPEGImages', seg_map_path='SegmentationClassAug'))
    return PascalVOCAugDataset(data_root=str(root), ann_file='ImageSets/Segmentation/trainaug.txt',
                               pipeline=PIPELINE, **kwargs)


def labels(dataset, idx=None):
    found = set()
    for i in range(len(dataset)) if idx is None else [idx]:
        found |= set(dataset[i]['data_samples'].gt_sem_seg.data.unique().tolist())
    return found


def test_voc_aug_loads_with_image_labels(roots):
    dataset = voc(roots['voc'], image_labels='image_labels.json', class_filter=dict(any_of=[16]))
    assert len(dataset) == 2 and dataset[0]['data_samples'].image_labels == [1, 16]
    assert labels(dataset) <= set(range(21)) | {255}


def test_voc_read_in_coco_ids_through_label_map(roots):
    plain = voc(roots['voc'], image_labels='image_labels.json', class_filter=dict(any_of=[16]))
    as_coco = voc(roots['voc'], image_labels='image_labels.json', label_map='voc_to_coco',
                  class_filter=dict(any_of=[59]))  # potted plant: VOC 16
    assert len(as_coco) == len(plain) == 2 and as_coco[0]['data_samples'].image_labels == [5, 59]  # airplane, plant
    mapping = splits.label_map('voc_to_coco')
    for i in range(len(plain)):
        expected = {mapping.get(c, c) for c in labels(plain, i)}
        assert labels(as_coco, i) == expected and 59 in expected


def test_label_map_must_cover_every_class(roots):
    with pytest.raises(DatasetError, match=r'no new id for classes \[20\]'):
        voc(roots['voc'], label_map={c: c for c in range(20)})
    with pytest.raises(ConfigError, match="unknown label map 'voc_to_ade'"):
        voc(roots['voc'], label_map='voc_to_ade')


def test_coco_loads_contiguous_ids(roots):
    dataset = COCOSemanticDataset(data_root=str(roots['coco']), ann_file='ImageSets/train2014.txt', pipeline=PIPELINE,
                                  data_prefix=dict(img_path='train2014', seg_map_path='semantic/train2014'))
    assert len(dataset) == 3 and dataset.metainfo['classes'][80] == 'toothbrush'
    assert labels(dataset) == {0, 1, 17, 80}  # from the COCO-Stuff maps: no crowd (255) regions


@pytest.mark.parametrize('cls, expected', [(ADE20KSegDataset, {0, 149, 255}), (ADE20KBgDataset, {0, 1, 150})])
def test_ade20k_both_label_conventions(roots, cls, expected):
    dataset = cls(data_root=str(roots['ade']), ann_file='ImageSets/training.txt', pipeline=PIPELINE)
    assert len(dataset.metainfo['classes']) == (150 if cls is ADE20KSegDataset else 151)
    assert labels(dataset, 0) == expected  # ADE_train_00000001 shows classes 1 and 150 on 0


@pytest.mark.parametrize('cls, expected', [(PascalContext59Dataset, {6, 14, 255}),
                                           (PascalContext60Dataset, {0, 7, 15})])
def test_pascal_context_59_and_60(roots, cls, expected):
    dataset = cls(data_root=str(roots['ctx']), ann_file='ImageSets/SegmentationContext/train.txt', pipeline=PIPELINE)
    assert labels(dataset, 0) == expected  # 2008_000002 shows classes 7 and 15 on background


def test_missing_root_names_layout_and_converter(tmp_path):
    with pytest.raises(DatasetError, match=r"nowhere' does not exist. Build it with: python "
                                           r"tools/dataset_converters/ade20k.py(.|\n)*annotations/\{training"):
        ADE20KBgDataset(data_root=str(tmp_path / 'nowhere'), ann_file='ImageSets/training.txt', pipeline=PIPELINE)


def test_wrong_layout_names_the_missing_folder(roots):
    with pytest.raises(DatasetError, match=r"is missing \[.*SegmentationClassContext/train.txt'\].*pascal_context.py"):
        PascalContext60Dataset(data_root=str(roots['ctx']), ann_file='ImageSets/SegmentationClassContext/train.txt',
                               pipeline=PIPELINE)


def corrupt_copy(roots, tmp_path, write):
    import shutil
    root = tmp_path / 'voc'
    shutil.copytree(roots['voc'], root)
    write(root)
    return voc(root)


def test_mask_value_outside_the_class_range_names_the_file(roots, tmp_path):
    def write(root):
        Image.fromarray(np.full(tiny_real.SIZE, 30, np.uint8)).save(root / 'SegmentationClassAug/2007_000001.png')
    dataset = corrupt_copy(roots, tmp_path, write)
    with pytest.raises(DatasetError, match=r'mask .*2007_000001.png \(image .*2007_000001.jpg\): mask values \[30\] '
                                           r'are outside the class range 0..20.*voc_aug.py'):
        dataset[0]


def test_image_mask_size_mismatch_names_the_file(roots, tmp_path):
    def write(root):
        Image.fromarray(np.zeros((10, 10), np.uint8)).save(root / 'SegmentationClassAug/2007_000001.png')
    with pytest.raises(DatasetError, match=r'2007_000001.png .*mask size \(10, 10\) differs from the image size '
                                           r'\(40, 56\)'):
        corrupt_copy(roots, tmp_path, write)[0]


def test_unreadable_image_names_the_file(roots, tmp_path):
    def write(root):
        (root / 'JPEGImages/2007_000001.jpg').write_bytes(b'garbage')
    with pytest.raises(DatasetError, match=r'could not load sample 0 \(image .*2007_000001.jpg'):
        corrupt_copy(roots, tmp_path, write)[0]


def test_class_filter_needs_the_background_convention(roots):
    with pytest.raises(DatasetError, match='reduce_zero_label=True discards'):
        ADE20KSegDataset(data_root=str(roots['ade']), ann_file='ImageSets/training.txt', pipeline=PIPELINE,
                         class_filter=dict(any_of=[3]))


def test_coco_ids_and_coco_to_voc():
    ids = splits.coco_contiguous_ids()
    assert len(ids) == 80 and ids[1] == 1 and ids[90] == 80 and ids[13] == 12
    voc = splits.coco_to_voc_ids()
    assert voc[splits.COCO_CLASSES.index('person')] == 15 and voc[splits.COCO_CLASSES.index('tv')] == 20
    assert sorted(voc.values()) == list(range(1, 21))
    steps = splits.incremental_tasks('coco-to-voc')
    assert len(steps[0]) == 61 and steps[0][0] == 0 and sorted(steps[1]) == sorted(voc)
    assert splits.label_map('voc_to_coco') == {0: 0, **{v: c for c, v in voc.items()}}


def test_context_lists_name_known_classes():
    assert len(splits.CONTEXT_CLASSES) == 60
    for n in (2, 4, 6, 8, 10):
        splits.class_index(splits.zs3_unseen('context', n), splits.CONTEXT_CLASSES)
    assert splits.class_index(splits.SPNET_UNSEEN['context'], splits.CONTEXT_CLASSES) == (20, 34, 49, 15)
    with pytest.raises(ConfigError, match=r"classes \['tv'\] are not context classes"):
        splits.class_index(['tv'], splits.CONTEXT_CLASSES, dataset='context')


def test_step_counts_follow_overlap_and_disjoint():
    classes = {'a': [1], 'b': [1, 16], 'c': [16], 'd': [11, 12], 'e': []}
    assert splits.step_counts(classes, '15-5', 'overlap') == (3, 2)
    assert splits.step_counts(classes, '15-5', 'disjoint') == (2, 2)
    assert splits.step_counts(classes, '10-10', 'disjoint') == (1, 3)


def test_full_trainaug_with_other_counts_is_an_error():
    fake = {f'{i}': [1] for i in range(splits.PUBLISHED_SIZES['voc12aug']['trainaug'])}
    with pytest.raises(DatasetError, match=r'15-5 overlap keeps \(10582, 0\) .* published counts are \(9568, 2145\)'):
        splits.check_step_counts(fake, '15-5', 'overlap')
    assert splits.check_step_counts(dict(list(fake.items())[:10]), '15-5', 'overlap') == (10, 0)


REAL_VOC = ROOT / 'data/VOCdevkit/VOC2012'


@pytest.mark.skipif(not (REAL_VOC / 'ImageSets/Segmentation/trainaug.txt').is_file(),
                    reason='real VOC trainaug not prepared (tools/dataset_converters/voc_aug.py)')
@pytest.mark.parametrize('setting, mode', sorted(splits.PUBLISHED_STEP_COUNTS))
def test_real_voc_step_counts_match_the_published_ones(setting, mode):
    ids = (REAL_VOC / 'ImageSets/Segmentation/trainaug.txt').read_text().split()
    classes = image_class_sets({i: str(REAL_VOC / 'SegmentationClassAug' / f'{i}.png') for i in ids})
    assert splits.check_step_counts(classes, setting, mode) == splits.PUBLISHED_STEP_COUNTS[(setting, mode)]
