"""Each task's config overrides (erasing rounds vs PSL), the `aepsl` option errors, the transforms, and
the PSL segmentor's losses and test-time prohibition on a tiny model."""
import json

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.structures import PixelData
from mmseg.structures import SegDataSample
from PIL import Image

from platform_core.engine import RunLayout
from platform_core.errors import ConfigError, DatasetError
from platform_core.registry import MODELS
from plugins.aepsl.stages import AEPSLOptions, rounds_used, task_overrides
from plugins.aepsl.transforms import EraseMinedRegions, LoadPseudoMask

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='DropPixelLabels'),
            dict(type='PackClsegInputs')]
TINY_BACKBONE = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, num_stages=4,
                     out_indices=(0, 1, 2, 3), dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1))


def _cfg(**aepsl):
    return Config(dict(
        scenario=dict(type='Weak', num_tasks=3),
        model=dict(type='PSLSegmentor', data_preprocessor=dict(type='SegDataPreProcessor', mean=[1, 2, 3])),
        train_dataloader=dict(dataset=dict(pipeline=PIPELINE)),
        train_cfg=dict(max_iters=1000), param_scheduler=[dict(type='PolyLR', end=1000)],
        aepsl=dict(dict(classifier=dict(type='CAMClassifier'), rounds=2, round_iters=7), **aepsl)))


def test_first_round_trains_the_classifier_on_unerased_images(tmp_path):
    overrides = task_overrides(_cfg(), 0, RunLayout(tmp_path))
    assert overrides['model']['type'] == 'CAMClassifier' and overrides['model']['_delete_']
    assert overrides['model']['data_preprocessor']['mean'] == [1, 2, 3]
    assert overrides['train_cfg.max_iters'] == 7 and overrides['param_scheduler'][0]['end'] == 7
    assert 'train_dataloader.dataset.pipeline' not in overrides


def test_later_rounds_erase_the_union_of_earlier_rounds_with_the_dataset_mean(tmp_path):
    (tmp_path / 'task_0/aepsl').mkdir(parents=True)
    (tmp_path / 'task_0/aepsl/mean_pixel.json').write_text(json.dumps([10.0, 20.0, 30.0]))
    pipeline = task_overrides(_cfg(), 1, RunLayout(tmp_path))['train_dataloader.dataset.pipeline']
    assert pipeline[1] == dict(type='EraseMinedRegions', fill_rgb=[10.0, 20.0, 30.0],
                               mined_dirs=[str(tmp_path / 'task_0/aepsl/mined')])
    preprocessor = task_overrides(_cfg(erase_fill='preprocessor'), 1, RunLayout(tmp_path))
    assert preprocessor['train_dataloader.dataset.pipeline'][1]['fill_rgb'] == [1, 2, 3]


def test_warm_starts_load_the_previous_task_checkpoint_only_when_asked(tmp_path):
    (tmp_path / 'task_0').mkdir()
    (tmp_path / 'task_0/iter_7.pth').write_bytes(b'')
    (tmp_path / 'task_0/last_checkpoint').write_text(str(tmp_path / 'task_0/iter_7.pth'))
    (tmp_path / 'task_0/aepsl').mkdir()
    (tmp_path / 'task_0/aepsl/mean_pixel.json').write_text('[1, 2, 3]')
    assert 'load_from' not in task_overrides(_cfg(), 1, RunLayout(tmp_path))
    layout = RunLayout(tmp_path)
    assert task_overrides(_cfg(round_init='previous'), 1, layout)['load_from'] == str(tmp_path / 'task_0/iter_7.pth')
    assert 'load_from' not in task_overrides(_cfg(round_init='previous'), 0, RunLayout(tmp_path))
    (tmp_path / 'task_1').mkdir()
    (tmp_path / 'task_1/last_checkpoint').write_text(str(tmp_path / 'task_1/iter_7.pth'))
    assert task_overrides(_cfg(psl_init='classifier'), 2, layout)['load_from'] == str(tmp_path / 'task_1/iter_7.pth')
    (tmp_path / 'task_2').mkdir()  # a resumed task continues from its own checkpoint, never from load_from
    (tmp_path / 'task_2/last_checkpoint').write_text(str(tmp_path / 'task_2/iter_3.pth'))
    assert 'load_from' not in task_overrides(_cfg(psl_init='classifier'), 2, RunLayout(tmp_path))


def test_rounds_after_one_that_learned_nothing_do_not_train(tmp_path):
    for r, learned in ((0, True), (1, False)):
        (tmp_path / f'task_{r}/aepsl').mkdir(parents=True)
        (tmp_path / f'task_{r}/aepsl/fit.json').write_text(json.dumps(dict(loss=0.3, prior_loss=0.3, learned=learned)))
    (tmp_path / 'task_0/aepsl/mean_pixel.json').write_text('[1, 2, 3]')
    cfg, layout = _cfg(rounds=3), RunLayout(tmp_path)
    cfg.scenario.num_tasks = 4
    assert rounds_used(layout, 3) == 1 and rounds_used(layout, 1) == 1
    assert task_overrides(cfg, 1, layout)['train_cfg.max_iters'] == 7  # round 2 trained; it is judged after
    skipped = task_overrides(cfg, 2, layout)
    assert skipped['model']['type'] == 'CAMClassifier'
    assert all(skipped[key] is None for key in ('train_dataloader', 'train_cfg', 'optim_wrapper', 'param_scheduler'))


def test_psl_task_reads_the_assembled_masks_after_dropping_the_real_ones(tmp_path):
    overrides = task_overrides(_cfg(), 2, RunLayout(tmp_path))
    assert list(overrides) == ['train_dataloader.dataset.pipeline']
    steps = overrides['train_dataloader.dataset.pipeline']
    assert [s['type'] for s in steps][2:4] == ['DropPixelLabels', 'LoadPseudoMask']
    assert steps[3]['folder'] == str(tmp_path / 'task_1/aepsl/assembled')


@pytest.mark.parametrize('change, match', [
    (dict(aepsl=None), 'needs `aepsl'), (dict(aepsl=dict(classifier={}, thresh=1)), "unknown `aepsl` keys"),
    (dict(scenario=dict(num_tasks=5)), 'scenario.num_tasks'),
    (dict(aepsl=dict(classifier={}, rounds=2, erase_fill='zero')), 'erase_fill'),
    (dict(aepsl=dict(classifier={}, rounds=0)), 'rounds'),
    (dict(aepsl=dict(classifier={}, rounds=2, round_init='last')), 'round_init'),
    (dict(aepsl=dict(classifier={}, rounds=2, union='latest')), 'union'),
    (dict(aepsl=dict(classifier={}, rounds=2, round_min_gain=1.5)), 'round_min_gain'),
])
def test_option_errors_name_the_key(change, match):
    cfg = _cfg()
    for key, value in change.items():
        if value is None:
            cfg.pop(key)
        elif key == 'aepsl':
            cfg[key] = value
        else:
            cfg.merge_from_dict({key: value})
    with pytest.raises(ConfigError, match=match):
        AEPSLOptions.from_cfg(cfg)


def _png(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.asarray(array, np.uint8)).save(path)


def test_erase_transform_fills_the_union_in_bgr(tmp_path):
    _png(tmp_path / 'r0/im.png', [[1, 0], [0, 0]])
    _png(tmp_path / 'r1/im.png', [[0, 255], [0, 0]])
    step = EraseMinedRegions(mined_dirs=[str(tmp_path / 'r0'), str(tmp_path / 'r1'), str(tmp_path / 'none')],
                             fill_rgb=[10, 20, 30])
    out = step(dict(img_path='x/im.jpg', img=np.zeros((2, 2, 3), np.uint8)))['img']
    assert out[0, 0].tolist() == [30, 20, 10] and out[0, 1].tolist() == [30, 20, 10]
    assert out[1].tolist() == [[0, 0, 0], [0, 0, 0]]


def test_pseudo_mask_replaces_the_labels_and_a_missing_one_says_resume(tmp_path):
    _png(tmp_path / 'm/im.png', [[3, 255]])
    results = LoadPseudoMask(folder=str(tmp_path / 'm'))(dict(img_path='im.jpg', gt_seg_map=np.zeros((1, 2))))
    assert results['gt_seg_map'].tolist() == [[3, 255]] and 'gt_seg_map' in results['seg_fields']
    with pytest.raises(DatasetError, match='--resume'):
        LoadPseudoMask(folder=str(tmp_path / 'none'))(dict(img_path='im.jpg'))


def _psl(**kwargs):
    return MODELS.build(dict(
        type='PSLSegmentor', backbone=TINY_BACKBONE, cls_in_channels=64,
        decode_head=dict(type='PSPHead', in_channels=64, in_index=3, channels=8, num_classes=4,
                         pool_scales=(1, 2)),
        data_preprocessor=dict(type='SegDataPreProcessor'), test_cfg=dict(mode='whole'), **kwargs))


def _samples():
    samples = []
    for labels in ([1], [2, 3]):
        sample = SegDataSample(metainfo=dict(image_labels=labels, img_shape=(8, 16), ori_shape=(8, 16),
                                             pad_shape=(8, 16), padding_size=[0, 0, 0, 0]))
        sample.gt_sem_seg = PixelData(data=torch.full((1, 8, 16), 255, dtype=torch.long))
        samples.append(sample)
    samples[0].gt_sem_seg.data[0, 0, :4] = 1
    return samples


def test_psl_segmentor_returns_its_three_losses_and_the_ae_only_ablation_two():
    """Beside the losses, the online mask's foreground shares are logged (keys without 'loss': not summed)."""
    torch.manual_seed(0)
    losses = _psl().loss(torch.randn(2, 3, 8, 16), _samples())
    assert set(losses) == {'loss_aepsl_cls', 'loss_aepsl_ae', 'loss_aepsl_psl', 'aepsl_online_fg', 'aepsl_online_kept'}
    assert 0 <= float(losses.pop('aepsl_online_fg')) <= 100 and float(losses.pop('aepsl_online_kept')) >= 0
    assert all(v.requires_grad and torch.isfinite(v) for v in losses.values())
    assert set(_psl(psl_weight=0.0).loss(torch.randn(2, 3, 8, 16), _samples())) == {'loss_aepsl_cls', 'loss_aepsl_ae'}


def test_predict_never_outputs_a_class_the_classifier_prohibits():
    torch.manual_seed(0)
    model = _psl(test_prohibit_threshold=0.1).eval()
    with torch.no_grad():
        model.cls_head.fc.weight.zero_()
        model.cls_head.fc.bias.copy_(torch.tensor([5.0, -5.0, -5.0]))  # only class 1 scores >= 0.1
        predicted = model.predict(torch.randn(2, 3, 8, 16), _samples())
    for sample in predicted:
        assert set(sample.pred_sem_seg.data.unique().tolist()) <= {0, 1}
