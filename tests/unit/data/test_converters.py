"""Dataset converters on tiny fixtures in the real formats: outputs, lists, labels, idempotence, resume,
count checks, and errors that name the file."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from platform_core.data import tiny_real
from platform_core.errors import DatasetError
from platform_core.splits import CONTEXT_CLASSES

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from platform_core.data import conversion as common
from tools.dataset_converters import ade20k, coco, pascal_context, voc_aug  # noqa: E402


def png(path: Path) -> np.ndarray:
    return np.array(Image.open(path))


def lines(path: Path) -> list[str]:
    return path.read_text().split()


@pytest.fixture
def voc(tmp_path):
    spec = tiny_real.make_voc_sbd(tmp_path)
    return tmp_path, spec


def run_voc(root: Path, *extra: str) -> int:
    return voc_aug.main([str(root / 'VOCdevkit'), str(root / 'benchmark_RELEASE'), *extra])


def test_voc_aug_merges_sbd_and_voc_into_trainaug(voc, capsys):
    root, spec = voc
    assert run_voc(root) == 0
    out = root / 'VOCdevkit/VOC2012'
    trainaug = sorted((set(spec['voc_train']) | set(spec['sbd_train']) | set(spec['sbd_val'])) - set(spec['voc_val']))
    assert lines(out / 'ImageSets/Segmentation/trainaug.txt') == trainaug
    # VOC's own mask wins where both exist (it has the 255 outlines, SBD's has none)
    assert (png(out / 'SegmentationClassAug/2007_000001.png') == png(out / 'SegmentationClass/2007_000001.png')).all()
    sbd_only = png(out / 'SegmentationClassAug/2008_000101.png')
    assert sorted(set(np.unique(sbd_only)) - {0}) == [17, 19]
    labels = json.loads((out / 'image_labels.json').read_text())
    assert labels['2008_000001'] == [5, 16] and labels['2007_000012'] == [12, 18]  # trainaug and val
    assert lines(out / 'ImageSets/PerClass/trainaug/16.txt') == ['2007_000001', '2008_000001']
    assert lines(out / 'ImageSets/PerClass/val/7.txt') == ['2007_000011']
    printed = capsys.readouterr().out
    assert 'published count is 10582' in printed
    assert '15-5 disjoint: images per step (3, 4)' in printed and '15-5 overlap: images per step (6, 4)' in printed


def test_voc_aug_rerun_is_a_no_op(voc, capsys):
    root, _ = voc
    run_voc(root)
    mask = root / 'VOCdevkit/VOC2012/SegmentationClassAug/2008_000002.png'
    before = mask.stat().st_mtime_ns
    capsys.readouterr()
    assert run_voc(root) == 0
    assert '7 items: 7 already done, 0 to convert' in capsys.readouterr().out
    assert mask.stat().st_mtime_ns == before


def test_voc_aug_resumes_after_an_interruption(voc, monkeypatch, capsys):
    root, _ = voc
    calls = []
    real = voc_aug.convert_one

    def dies_after_three(job):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(job[0])
        return real(job)
    monkeypatch.setattr(voc_aug, 'convert_one', dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        run_voc(root)
    monkeypatch.setattr(voc_aug, 'convert_one', real)
    capsys.readouterr()
    assert run_voc(root) == 0
    assert '7 items: 3 already done, 4 to convert' in capsys.readouterr().out
    assert len(lines(root / 'VOCdevkit/VOC2012/ImageSets/Segmentation/trainaug.txt')) == 7


def test_voc_aug_strict_count_is_an_error(voc):
    root, _ = voc
    with pytest.raises(DatasetError, match=r'trainaug: 7 images, the published count is 10582'):
        run_voc(root, '--strict')


def test_voc_aug_missing_sbd_names_the_folder_and_what_to_extract(tmp_path, capsys):
    tiny_real.make_voc_sbd(tmp_path)
    assert common.main_wrapper(voc_aug.main, [str(tmp_path / 'VOCdevkit'), str(tmp_path / 'nowhere')]) == 2
    assert re_search(r'SBD dataset/cls folder not found: .*nowhere/dataset/cls.*benchmark.tgz', capsys.readouterr().err)


def test_voc_aug_corrupt_mat_names_the_file(voc):
    root, _ = voc
    (root / 'benchmark_RELEASE/dataset/cls/2008_000002.mat').write_bytes(b'not a mat file')
    with pytest.raises(DatasetError, match=r'could not read SBD mask .*2008_000002.mat'):
        run_voc(root)


def re_search(pattern: str, text: str) -> bool:
    import re
    return re.search(pattern, text, re.S) is not None


def test_coco_instances_become_contiguous_semantic_masks(tmp_path):
    pytest.importorskip('pycocotools')
    expected = tiny_real.make_coco(tmp_path)
    assert coco.main([str(tmp_path), '--split', 'train2014', 'val2014']) == 0
    for split, images in expected.items():
        assert lines(tmp_path / 'ImageSets' / f'{split}.txt') == sorted(images)
        for name, classes in images.items():
            mask = png(tmp_path / 'semantic' / split / f'{name}.png')
            assert mask.shape == tiny_real.SIZE and sorted(set(np.unique(mask)) - {0, 255}) == classes
    crowd = png(tmp_path / 'semantic/train2014/COCO_train2014_000000000102.png')
    assert (crowd[:, :5] == 255).all() and (crowd[:, 5:] != 255).all()  # crowd -> ignore
    assert lines(tmp_path / 'ImageSets/PerClass/train2014/17.txt') == ['COCO_train2014_000000000101']  # dog
    assert json.loads((tmp_path / 'image_labels.json').read_text())['COCO_val2014_000000000203'] == []


def test_coco_crowd_can_keep_its_class(tmp_path):
    pytest.importorskip('pycocotools')
    tiny_real.make_coco(tmp_path, splits=('val2014',))
    coco.main([str(tmp_path), '--split', 'val2014', '--crowd', 'class'])
    assert (png(tmp_path / 'semantic/val2014/COCO_val2014_000000000102.png')[:, :5] == 1).all()


def test_coco_stuff_maps_keep_things_and_drop_stuff(tmp_path):
    tiny_real.make_coco(tmp_path, splits=('train2017',))
    maps = tmp_path / 'handmade/train2017'
    maps.mkdir(parents=True)
    stuff = np.zeros(tiny_real.SIZE, np.uint8)
    stuff[:, :10], stuff[:, 10:20], stuff[:, 20:30], stuff[:, 30:] = 0, 17, 100, 255  # person, dog, stuff, unlabeled
    for k in (1, 2, 3):
        Image.fromarray(stuff).save(maps / f'COCO_train2017_00000000010{k}.png')
    assert coco.main([str(tmp_path), '--split', 'train2017', '--stuff-maps', str(tmp_path / 'handmade')]) == 0
    mask = png(tmp_path / 'semantic/train2017/COCO_train2017_000000000101.png')
    assert (mask[:, :10] == 1).all() and (mask[:, 10:20] == 17).all() and (mask[:, 20:] == 0).all()


def test_coco_stuff_maps_give_the_same_classes_as_the_instances(tmp_path):
    expected = tiny_real.make_coco(tmp_path)
    assert coco.main([str(tmp_path), '--split', 'val2014', '--stuff-maps', str(tmp_path / 'stuffthingmaps')]) == 0
    labels = json.loads((tmp_path / 'image_labels.json').read_text())
    assert labels == expected['val2014']


def test_coco_missing_annotation_file_is_named(tmp_path):
    (tmp_path / 'coco').mkdir()
    with pytest.raises(DatasetError, match=r'COCO annotation file not found: .*instances_val2017.json'):
        coco.main([str(tmp_path / 'coco'), '--split', 'val2017'])


def test_ade20k_lists_labels_and_mask_checks(tmp_path):
    spec = tiny_real.make_ade20k(tmp_path)
    root = tmp_path / 'ADEChallengeData2016'
    assert ade20k.main([str(root)]) == 0
    assert lines(root / 'ImageSets/validation.txt') == sorted(spec['validation'])
    labels = json.loads((root / 'image_labels.json').read_text())
    assert labels == {k: v for split in spec.values() for k, v in split.items()}
    assert lines(root / 'ImageSets/PerClass/training/150.txt') == ['ADE_train_00000001']


def test_ade20k_value_out_of_range_names_the_mask(tmp_path):
    tiny_real.make_ade20k(tmp_path)
    root = tmp_path / 'ADEChallengeData2016'
    Image.fromarray(np.full(tiny_real.SIZE, 200, np.uint8)).save(root / 'annotations/training/ADE_train_00000002.png')
    with pytest.raises(DatasetError, match=r'ADE_train_00000002.png: expected .* values 0..150'):
        ade20k.main([str(root)])


def test_ade20k_size_mismatch_names_the_mask(tmp_path):
    tiny_real.make_ade20k(tmp_path)
    root = tmp_path / 'ADEChallengeData2016'
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(root / 'annotations/validation/ADE_val_00000002.png')
    with pytest.raises(DatasetError, match=r'ADE_val_00000002.png: mask size \(8, 8\) differs'):
        ade20k.main([str(root)])


def test_pascal_context_maps_459_classes_to_59_plus_background(tmp_path):
    spec = tiny_real.make_pascal_context(tmp_path)
    voc = tmp_path / 'VOCdevkit/VOC2010'
    assert pascal_context.main([str(voc), str(tmp_path / 'trainval')]) == 0
    for split, items in spec.items():  # images without Context labels are left out of the lists
        assert lines(voc / 'ImageSets/SegmentationContext' / f'{split}.txt') == sorted(items)
        for image_id, classes in items.items():
            mask = png(voc / 'SegmentationClassContext' / f'{image_id}.png')
            assert sorted(set(np.unique(mask)) - {0}) == classes
    assert CONTEXT_CLASSES[59] == 'wood' and lines(voc / 'ImageSets/PerClass/train/59.txt') == ['2008_000004']


def test_pascal_context_foreign_labels_txt_is_an_error(tmp_path):
    tiny_real.make_pascal_context(tmp_path)
    (tmp_path / 'trainval/labels.txt').write_text('1: accordion\n2: aeroplane\n')
    with pytest.raises(DatasetError, match=r'labels.txt has no classes \[.*bag'):
        pascal_context.main([str(tmp_path / 'VOCdevkit/VOC2010'), str(tmp_path / 'trainval')])


def test_run_jobs_ignores_a_truncated_log_line(tmp_path):
    log = tmp_path / '.clseg_convert/x.jsonl'
    log.parent.mkdir()
    log.write_text('["a", [1]]\n["b", [2')
    result = common.run_jobs('x', [('a', None), ('b', None)], lambda job: (job[0], [9]), state_dir=tmp_path)
    assert result == {'a': [1], 'b': [9]}
