"""The Weak scenario: image supervision in every stage, masks dropped from training, last stage evaluated;
and the saliency maps it hands to methods (dataset folder, else a cached estimator)."""
import numpy as np
import pytest
from mmengine.config import Config
from PIL import Image

from platform_core.data.saliency import SpectralResidual, load_saliency, normalize_saliency, saliency_maps
from platform_core.errors import ConfigError, DatasetError, ScenarioError
from plugins.weak.scenario import Weak

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='PackClsegInputs')]


@pytest.mark.parametrize('evaluate, expected', [('last', [False, False, True]), ('all', [True, True, True])])
def test_every_stage_is_image_supervised_and_evaluation_follows_the_mode(evaluate, expected):
    scenario = Weak(num_classes=21, num_tasks=3, evaluate=evaluate)
    tasks = [scenario.task(i) for i in range(3)]
    assert [t.supervision for t in tasks] == ['image'] * 3
    assert [t.evaluate for t in tasks] == expected
    assert tasks[0].classes == tuple(range(21)) and tasks[0].get('num_stages') == 3
    assert tasks[0].get('saliency')['estimator'] == {'type': 'SpectralResidual'}


def test_configure_drops_pixel_labels_and_attaches_image_labels():
    cfg = Config(dict(model=dict(decode_head=dict(num_classes=5)),
                      train_dataloader=dict(dataset=dict(pipeline=PIPELINE))))
    scenario = Weak(num_classes=21, image_labels='masks')
    overrides = scenario.configure(cfg, scenario.task(0))
    assert [s['type'] for s in overrides['train_dataloader.dataset.pipeline']] == [
        'LoadImageFromFile', 'LoadAnnotations', 'DropPixelLabels', 'PackClsegInputs']
    assert overrides['train_dataloader.dataset.image_labels'] == 'masks'
    assert overrides['model.decode_head.num_classes'] == 21


@pytest.mark.parametrize('kwargs, match', [
    (dict(num_classes=1), 'num_classes'), (dict(num_classes=21, num_tasks=0), 'num_tasks'),
    (dict(num_classes=21, evaluate='first'), 'evaluate'), (dict(num_classes=21, saliency=dict(dir='x')), 'saliency'),
])
def test_bad_arguments_are_scenario_errors(kwargs, match):
    with pytest.raises(ScenarioError, match=match):
        Weak(**kwargs)


def test_asking_for_a_task_past_the_end_is_an_error():
    with pytest.raises(ScenarioError, match='2 tasks'):
        Weak(num_classes=21, num_tasks=2).task(2)


def test_spectral_residual_highlights_a_textured_object_on_a_smooth_background():
    rgb = np.repeat(np.linspace(60, 120, 64)[None, :, None], 64, 0).repeat(3, 2).astype(np.uint8)
    yy, xx = np.mgrid[10:26, 36:54]
    rgb[10:26, 36:54] = np.where((((yy // 3) + (xx // 3)) % 2)[..., None] == 0, (240, 40, 40), (30, 30, 200))
    saliency = SpectralResidual()(rgb)
    inside = np.zeros((64, 64), bool)
    inside[10:26, 36:54] = True
    assert saliency.shape == (64, 64) and saliency.min() == 0 and saliency.max() == 1
    assert saliency[inside].mean() > 2 * saliency[~inside].mean()


def test_normalize_and_bad_estimator_arguments():
    assert normalize_saliency(np.array([2., 4., 6.])).tolist() == [0, 0.5, 1]
    assert normalize_saliency(np.ones(3)).tolist() == [0, 0, 0]
    with pytest.raises(ConfigError, match='SpectralResidual'):
        SpectralResidual(size=4)


def _images(tmp_path, n=2):
    paths = {}
    for i in range(n):
        path = tmp_path / 'img' / f'im{i}.jpg'
        path.parent.mkdir(exist_ok=True)
        Image.fromarray(np.random.default_rng(i).integers(0, 255, (16, 16, 3), dtype=np.uint8)).save(path)
        paths[f'im{i}'] = str(path)
    return paths


def test_estimated_maps_are_cached_and_reused(tmp_path):
    images = _images(tmp_path)
    first = saliency_maps(images, folder=str(tmp_path / 'none'), cache_root=tmp_path / 'cache')
    stamp = {i: (tmp_path / p).stat().st_mtime_ns for i, p in first.items()}
    again = saliency_maps(images, folder=None, cache_root=tmp_path / 'cache')
    assert again == first and {i: (tmp_path / p).stat().st_mtime_ns for i, p in again.items()} == stamp
    values = load_saliency(first['im0'])
    assert values.shape == (16, 16) and 0 <= values.min() and values.max() == 1


def test_a_dataset_folder_wins_and_must_be_complete(tmp_path):
    images = _images(tmp_path)
    folder = tmp_path / 'Saliency'
    folder.mkdir()
    Image.fromarray(np.full((16, 16), 51, np.uint8)).save(folder / 'im0.png')
    with pytest.raises(DatasetError, match='no map for 1 images'):
        saliency_maps(images, folder=str(folder), cache_root=tmp_path / 'cache')
    Image.fromarray(np.zeros((16, 16), np.uint8)).save(folder / 'im1.png')
    paths = saliency_maps(images, folder=str(folder), cache_root=tmp_path / 'cache')
    assert paths['im0'] == str(folder / 'im0.png') and load_saliency(paths['im0'])[0, 0] == pytest.approx(0.2)
    assert not (tmp_path / 'cache').exists()
