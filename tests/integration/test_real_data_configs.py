"""Every real-data config (data_root other than data/synthvoc) builds and takes a training iteration, then
evaluates, on tiny fixtures in the real formats converted by tools/dataset_converters."""
import copy
import pickle
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from mmengine.config import Config

from platform_core import ContinualRunner, splits
from platform_core.config import load_config
from platform_core.data import tiny_real
from platform_core.registry import DATASETS
from platform_core.testing import run_configs, tiny_config

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.dataset_converters import ade20k, coco, pascal_context, voc_aug  # noqa: E402

LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
DATA_KEYS = LOADERS + ('scenario',)  # a scenario may name per-step datasets (COCO-to-VOC: VOC in step 1)
SIZE = 64
COCO_SPLITS = ('train2014', 'val2014', 'train2017', 'val2017')
# Between-task work that tiny_config's max_iters does not bound, shrunk per active plugin (values as in each
# plugin's own integration test). A plugin missing here runs its config's own settings.
SHRINK = {
    'aepsl': {'aepsl.round_iters': 1, 'aepsl.grid_images': 2, 'aepsl.mining_batch_size': 2},
    'fewshot': {'scenario.test_runs': 1, 'scenario.test_episodes': 2,  # a few images per class here
                'train_dataloader.dataset.allow_repeats': True, 'test_dataloader.dataset.allow_repeats': True},
    'incremental': {'scenario.train_iters': None},  # and train_epochs 1e-3 per step (steps_shrink): 1 iteration
    'zs3': {'model.max_pixels': 64, 'model.transfer.pixels': 64, 'train_cfg.max_iters': 4},  # >= 1 per stage
    'sign': {'model.max_pixels': 64, 'model.transfer.pixels': 64, 'train_cfg.max_iters': 4},
}


def data_roots(cfg: Config) -> set[str]:
    found = set()

    def visit(node):
        if isinstance(node, dict):
            if isinstance(node.get('data_root'), str):
                found.add(node['data_root'])
            for value in node.values():
                visit(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                visit(value)
    for key in DATA_KEYS:
        visit(cfg.get(key))
    return found


def real_configs() -> list[Path]:
    return [p for p in run_configs(ROOT / 'configs') if data_roots(Config.fromfile(str(p))) - {'data/synthvoc'}]


# The name part of a config that only picks the split: an incremental setting or a number of unseen classes.
SPLIT_IN_NAME = re.compile(r'-(\d+-\d+(-overlap|-disjoint)?|zs3-\d+)(?=\.py$)')


def one_per_family(paths: list[Path]) -> list[Path]:
    """The first config of each family of configs that differ only in their split: they share the model, data
    pipeline and recipe, so one of them taking a step covers the rest (tests/configs builds every one)."""
    families: dict[str, Path] = {}
    for path in paths:
        families.setdefault(SPLIT_IN_NAME.sub('', path.name), path)
    return list(families.values())


REAL_CONFIGS = real_configs()
STEP_CONFIGS = one_per_family(REAL_CONFIGS)


def write_embeddings(path: Path, names) -> None:
    """Random 600-d class vectors where zero-shot configs expect the user's word2vec+fastText file."""
    rng = np.random.default_rng(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({name: rng.standard_normal(600).astype(np.float32) for name in names}))


def coco_source(root: Path) -> list[str]:
    """The instances JSON through pycocotools (the `coco` extra) when installed, else the COCO-Stuff maps."""
    try:
        import pycocotools  # noqa: F401
        return []
    except ImportError:
        return ['--stuff-maps', str(root / 'stuffthingmaps')]


@pytest.fixture(scope='module')
def fixtures(tmp_path_factory) -> dict[str, Path]:
    """``{config data_root: fixture folder}`` for every real dataset, built by the converters."""
    raw = tmp_path_factory.mktemp('real')
    tiny_real.make_voc_sbd(raw / 'voc', extra=20)
    tiny_real.make_coco(raw / 'coco', splits=COCO_SPLITS)
    tiny_real.make_ade20k(raw / 'ade')
    tiny_real.make_pascal_context(raw / 'context')
    assert voc_aug.main([str(raw / 'voc/VOCdevkit'), str(raw / 'voc/benchmark_RELEASE')]) == 0
    assert coco.main([str(raw / 'coco'), '--split', *COCO_SPLITS, *coco_source(raw / 'coco')]) == 0
    assert ade20k.main([str(raw / 'ade/ADEChallengeData2016')]) == 0
    assert pascal_context.main([str(raw / 'context/VOCdevkit/VOC2010'), str(raw / 'context/trainval')]) == 0
    write_embeddings(raw / 'voc/VOCdevkit/VOC2012/embeddings/word2vec_fasttext.pkl', splits.VOC_CLASSES)
    return {'data/VOCdevkit/VOC2012': raw / 'voc/VOCdevkit/VOC2012', 'data/coco': raw / 'coco',
            'data/ade/ADEChallengeData2016': raw / 'ade/ADEChallengeData2016',
            'data/VOCdevkit/VOC2010': raw / 'context/VOCdevkit/VOC2010'}


def point_at_fixtures(shrunk: Config, original: Config, fixtures: dict[str, Path]) -> None:
    """Replace every dataset's data_root by its fixture (matching the ORIGINAL roots), shrink image sizes."""
    def visit(node, orig):
        if isinstance(node, dict) and isinstance(orig, dict):
            if 'data_root' in node:
                assert orig['data_root'] in fixtures, f"no fixture for data_root {orig['data_root']!r}"
                node['data_root'] = str(fixtures[orig['data_root']])
            if node.get('type') in ('RandomResize', 'Resize') and 'scale' in node:
                node['scale'] = (2 * SIZE, SIZE)
            if 'crop_size' in node and node.get('type') in ('RandomCrop', 'CenterCrop'):
                node['crop_size'] = (SIZE, SIZE)
            for key, value in node.items():
                visit(value, orig.get(key))
        elif isinstance(node, (list, tuple)) and isinstance(orig, (list, tuple)):
            for value, value_orig in zip(node, orig):
                visit(value, value_orig)
    for key in DATA_KEYS:
        if shrunk.get(key):
            visit(shrunk[key], original[key])


def test_real_configs_were_found():
    assert len(REAL_CONFIGS) >= 3, REAL_CONFIGS


def test_one_config_per_split_family_takes_the_step():
    names = [f'{m}_r101-d16_voc12aug-{s}.py' for m in ('mib', 'plop') for s in ('10-10-disjoint', '15-1-overlap')]
    names += ['zs3_r101-d8_voc12aug-zs3-2.py', 'zs3_r101-d8_voc12aug-zs3-4.py',
              'pspnet_r50-d8_voc12aug-512x512-20k-joint.py']
    assert [p.name for p in one_per_family([Path(n) for n in names])] == [
        'mib_r101-d16_voc12aug-10-10-disjoint.py', 'plop_r101-d16_voc12aug-10-10-disjoint.py',
        'zs3_r101-d8_voc12aug-zs3-2.py', 'pspnet_r50-d8_voc12aug-512x512-20k-joint.py']


@pytest.mark.integration
@pytest.mark.timeout(900)
@pytest.mark.parametrize('path', STEP_CONFIGS, ids=lambda p: str(p.relative_to(ROOT / 'configs')))
def test_real_config_takes_a_training_step(path, fixtures, tmp_path):
    cfg = on_fixtures(path, fixtures, tmp_path)
    runner = ContinualRunner(cfg)
    entry = runner.run_task(runner.tasks[0])
    assert Path(entry['checkpoint']).name == f'iter_{cfg.train_cfg.max_iters}.pth'
    if runner.tasks[0].evaluate:
        assert entry['metrics'], f'{path.name}: evaluation gave no metrics'


@pytest.mark.integration
@pytest.mark.timeout(900)
def test_coco_to_voc_learns_the_voc_classes_from_voc_images(fixtures, tmp_path):
    cfg = on_fixtures(ROOT / 'configs/wilson/wilson_r101-d16_coco2017-to-voc12aug.py', fixtures, tmp_path)
    runner = ContinualRunner(cfg)
    results = runner.run()
    voc_in_coco = sorted(splits.coco_to_voc_ids())
    assert results[1]['task']['new_classes'] == voc_in_coco
    step1_cfg = runner.task_config(runner.tasks[1])
    step1 = DATASETS.build(step1_cfg.train_dataloader.dataset)
    assert type(step1).__name__ == 'PascalVOCAugDataset' and len(step1) > 0
    # 30 epochs shrunk to 1e-3: one iteration; L_SEG from epoch 5 of the VOC images at batch 2
    assert step1_cfg.epoch_iters == len(step1) / 2 and step1_cfg.train_cfg.max_iters == 1
    assert step1_cfg.model.seg_start_iter == round(5 * len(step1) / 2)
    for i in range(len(step1)):
        info = step1.get_data_info(i)
        assert info['label_map'] == splits.label_map('voc_to_coco') and set(info['image_labels']) <= set(voc_in_coco)
    last = results[1]['metrics']
    assert len(last['per_class_iou']) == 81 and last['per_class_iou']['person'] is not None  # in the COCO val set
    assert last['new'] is not None and last['old'] is not None


@pytest.mark.integration
@pytest.mark.timeout(900)
@pytest.mark.parametrize('method', ['mib', 'plop'])
def test_pixel_label_incremental_configs_run_step_1_against_their_teacher(method, fixtures, tmp_path):
    cfg = on_fixtures(ROOT / f'configs/{method}/{method}_r101-d16_voc12aug-15-5-overlap.py', fixtures, tmp_path)
    results = ContinualRunner(cfg).run()
    assert results[1]['task']['new_classes'] == list(range(16, 21)) and results[1]['metrics']['old'] is not None


def num_steps(scenario: dict) -> int:
    return len(scenario.get('tasks') or splits.incremental_tasks(scenario['setting']))


def on_fixtures(path: Path, fixtures: dict[str, Path], tmp_path: Path) -> Config:
    """``path`` shrunk to one iteration per step (plus its plugins' SHRINK) on the fixtures."""
    original = load_config(str(path))
    first_root = fixtures[sorted(data_roots(original) & set(fixtures))[0]]
    options = {k: v for plugin in original.plugins for k, v in SHRINK.get(plugin, {}).items()}
    if 'incremental' in original.plugins:
        options['scenario.train_epochs'] = [1e-3] * num_steps(original.scenario)
    cfg = tiny_config(str(path), data_root=first_root, work_dir=tmp_path / 'run', max_iters=1, options=options)
    point_at_fixtures(cfg, copy.deepcopy(original), fixtures)
    if cfg.model.get('test_cfg', {}).get('mode') == 'slide':
        cfg.model.test_cfg.update(crop_size=(SIZE, SIZE), stride=(SIZE // 2, SIZE // 2))
    return cfg
