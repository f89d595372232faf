"""SynthVOC generator: layout, determinism, label format and the class / attribute tables."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from platform_core.data import synthvoc
from platform_core.errors import ConfigError, DatasetError

REPO = Path(__file__).resolve().parents[3]
TINY = dict(num_train=6, num_val=3, size=48, seed=0, workers=1)


@pytest.fixture(scope='module')
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp('synth') / 'synthvoc'
    synthvoc.generate(root, **TINY)
    return root


def _ids(root: Path, split: str) -> list[str]:
    return (root / 'ImageSets' / 'Segmentation' / f'{split}.txt').read_text().split()


def test_layout_is_voc(tiny):
    """Every file of the VOC layout plus the SynthVOC extras exists, ids unique across splits."""
    train, val = _ids(tiny, 'train'), _ids(tiny, 'val')
    assert len(train) == 6 and len(val) == 3 and not set(train) & set(val)
    for image_id in train + val:
        assert (tiny / 'JPEGImages' / f'{image_id}.jpg').is_file()
        assert (tiny / 'SegmentationClass' / f'{image_id}.png').is_file()
    for name in ('image_labels.json', 'class_names.txt', 'classes.json', 'attributes.npy', 'synthvoc.json'):
        assert (tiny / name).is_file(), name
    assert len(list((tiny / 'ImageSets' / 'Main').glob('*.txt'))) == 40
    assert sorted(p.name for p in tiny.parent.iterdir()) == ['synthvoc'], 'temp folder left behind'


def test_per_class_main_lists_follow_voc_format(tiny):
    """ImageSets/Main/<slug>_<split>.txt lists every id with ' 1' / '-1' matching image_labels.json."""
    labels = json.loads((tiny / 'image_labels.json').read_text())
    for split in ('train', 'val'):
        lines = (tiny / 'ImageSets' / 'Main' / f'striped_circle_{split}.txt').read_text().splitlines()
        assert [line.split()[0] for line in lines] == _ids(tiny, split)
        for line in lines:
            image_id, flag = line[:-3], line[-3:]
            assert flag == (' ' + (' 1' if 6 in labels[image_id] else '-1'))


def test_label_pngs_are_voc_palette_with_valid_values(tiny):
    """Label maps are 'P' PNGs with the VOC palette and values in {0..20, 255}; images are RGB."""
    for png in (tiny / 'SegmentationClass').glob('*.png'):
        label = Image.open(png)
        assert label.mode == 'P' and label.getpalette() == synthvoc.voc_palette()
        assert set(np.unique(np.asarray(label))) <= set(range(21)) | {255}
        image = Image.open(tiny / 'JPEGImages' / png.with_suffix('.jpg').name)
        assert image.mode == 'RGB' and image.size == label.size == (48, 48)


def test_image_labels_equal_classes_in_mask(tiny):
    """Each image's image-level labels are exactly the fg classes visible in its mask, never empty."""
    labels = json.loads((tiny / 'image_labels.json').read_text())
    assert sorted(labels) == sorted(_ids(tiny, 'train') + _ids(tiny, 'val'))
    for image_id, classes in labels.items():
        mask = np.asarray(Image.open(tiny / 'SegmentationClass' / f'{image_id}.png'))
        present = sorted(int(c) for c in np.unique(mask) if 0 < c < 255)
        assert classes == present and present, image_id


def test_same_seed_same_bytes_different_seed_differs(tmp_path, tiny):
    """Generation is a pure function of the seed: same seed -> same bytes, another seed -> other data."""
    again, other = tmp_path / 'again', tmp_path / 'other'
    synthvoc.generate(again, **TINY)
    synthvoc.generate(other, **{**TINY, 'seed': 1})
    name = 'SegmentationClass/synth_000000.png'
    assert (again / name).read_bytes() == (tiny / name).read_bytes()
    assert (again / 'image_labels.json').read_bytes() == (tiny / 'image_labels.json').read_bytes()
    assert _ids(again, 'train') == _ids(tiny, 'train')
    assert (other / name).read_bytes() != (tiny / name).read_bytes()


def test_worker_count_does_not_change_output(tmp_path, tiny):
    """workers=2 writes byte-identical images and labels to workers=1."""
    root = tmp_path / 'two'
    synthvoc.generate(root, **{**TINY, 'workers': 2})
    for sub, suffix in (('JPEGImages', 'jpg'), ('SegmentationClass', 'png')):
        for path in (tiny / sub).glob(f'*.{suffix}'):
            assert (root / sub / path.name).read_bytes() == path.read_bytes(), path.name


def test_class_table_matches_names_and_attributes(tiny):
    """class_names.txt, classes.json, CLASS_NAMES and attributes.npy describe the same 21 classes."""
    names = (tiny / 'class_names.txt').read_text().splitlines()
    assert tuple(names) == synthvoc.CLASS_NAMES and len(set(names)) == 21 and names[0] == 'background'
    table = json.loads((tiny / 'classes.json').read_text())
    attrs = np.load(tiny / 'attributes.npy')
    assert attrs.dtype == np.float32 and attrs.shape == (21, 9) and not attrs[0].any()
    assert np.array_equal(attrs, synthvoc.attribute_matrix())
    for row in table[1:]:
        shape, texture = synthvoc.class_attributes(row['index'])
        assert (row['shape'], row['texture']) == (shape, texture)
        assert row['name'] == names[row['index']] == f'{texture} {shape}'
        assert attrs[row['index'], synthvoc.SHAPES.index(shape)] == 1
        assert attrs[row['index'], 5 + synthvoc.TEXTURES.index(texture)] == 1
        assert attrs[row['index']].sum() == 2
    assert table[1]['name'] == 'plain circle' and table[6]['name'] == 'striped circle'


@pytest.mark.parametrize('held_out', [range(1, 6), range(6, 11), range(11, 16), range(16, 21)])
def test_every_block_of_five_leaves_all_attributes_seen(held_out):
    """Class -> (shape, texture) is bijective; removing any fold of 5 keeps every shape and texture."""
    pairs = {synthvoc.class_attributes(c) for c in range(1, 21)}
    assert len(pairs) == 20
    held = {synthvoc.class_attributes(c) for c in held_out}
    assert {s for s, _ in held} == set(synthvoc.SHAPES) and {t for _, t in held} == set(synthvoc.TEXTURES)
    seen = pairs - held
    assert {s for s, _ in seen} == set(synthvoc.SHAPES) and {t for _, t in seen} == set(synthvoc.TEXTURES)


def test_voc_palette_standard_entries():
    """The palette is VOC's: 768 ints, index 1 = (128, 0, 0), 15 = (192, 128, 128), 255 = (224, 224, 192)."""
    palette = synthvoc.voc_palette()
    assert len(palette) == 768
    assert palette[3:6] == [128, 0, 0] and palette[45:48] == [192, 128, 128]
    assert palette[-3:] == [224, 224, 192]


def test_render_sample_shapes_and_ignore_band():
    """render_sample gives (H, W, 3) uint8 and (H, W) uint8 with a 255 band around objects."""
    image, label = synthvoc.render_sample(np.random.default_rng(3), 64)
    assert image.shape == (64, 64, 3) and image.dtype == np.uint8
    assert label.shape == (64, 64) and label.dtype == np.uint8
    assert (label == 255).any() and ((label > 0) & (label < 255)).any()


def test_rerun_with_same_parameters_is_a_no_op(tiny):
    """A complete dataset with the same parameters is kept, not rewritten."""
    before = (tiny / 'synthvoc.json').stat().st_mtime_ns
    summary = synthvoc.generate(tiny, **TINY)
    assert summary['status'] == 'exists' and summary['counts']['train'] == 6
    assert (tiny / 'synthvoc.json').stat().st_mtime_ns == before


def test_refuses_a_different_dataset_unless_forced(tmp_path):
    """Other parameters or a partial dataset at --out raise DatasetError; force=True regenerates."""
    root = tmp_path / 'ds'
    synthvoc.generate(root, **TINY)
    with pytest.raises(DatasetError, match='already holds something else.*--force'):
        synthvoc.generate(root, **{**TINY, 'seed': 5})
    next((root / 'JPEGImages').glob('*.jpg')).unlink()
    with pytest.raises(DatasetError, match='incomplete'):
        synthvoc.generate(root, **TINY)
    assert synthvoc.generate(root, **{**TINY, 'seed': 5}, force=True)['status'] == 'generated'
    assert json.loads((root / 'synthvoc.json').read_text())['params']['seed'] == 5


def test_force_never_wipes_a_foreign_folder(tmp_path):
    """force=True refuses to replace a folder holding files SynthVOC does not write."""
    (tmp_path / 'notes.txt').write_text('keep me')
    with pytest.raises(DatasetError, match='refusing to replace.*notes.txt'):
        synthvoc.generate(tmp_path, **TINY, force=True)
    assert (tmp_path / 'notes.txt').read_text() == 'keep me'


@pytest.mark.parametrize('key, value, match', [
    ('size', 16, 'size must be an integer >= 32'),
    ('num_train', 0, 'num_train must be an integer >= 1'),
    ('workers', 0, 'workers must be an integer >= 1'),
    ('seed', -1, 'seed must be an integer >= 0'),
    ('size', 4096, 'size must be <= 1024'),
])
def test_bad_arguments_raise_config_error(tmp_path, key, value, match):
    with pytest.raises(ConfigError, match=match):
        synthvoc.generate(tmp_path / 'x', **{**TINY, key: value})
    assert not (tmp_path / 'x').exists()


def test_class_attributes_rejects_background():
    with pytest.raises(ConfigError, match='1..20'):
        synthvoc.class_attributes(0)


def test_cli_is_idempotent_and_refuses_conflicts(tmp_path):
    """The CLI prints a summary, exits 0 on a re-run and 2 with a clear message on a conflict."""
    cmd = [sys.executable, str(REPO / 'tools' / 'make_synthetic.py'), '--out', str(tmp_path / 'd'),
           '--num-train', '2', '--num-val', '1', '--size', '32', '--workers', '1']
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0 and '2 train + 1 val' in first.stdout, first.stderr
    second = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert second.returncode == 0 and 'already complete' in second.stdout
    third = subprocess.run(cmd + ['--seed', '1'], capture_output=True, text=True, cwd=REPO)
    assert third.returncode == 2 and '--force' in third.stderr
