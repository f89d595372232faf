"""PANet segmentor on hand-built episode batches: any mmseg backbone, multi-way multi-shot, PAR only in training."""
import pytest
import torch
from mmengine.structures import PixelData

from platform_core.errors import ConfigError
from platform_core.registry import MODELS
from plugins.fewshot.data import EpisodeDataSample
import plugins.panet  # noqa: F401  (registers PANet, PANetVGG16)

PRE = dict(type='EpisodeDataPreProcessor', mean=[0., 0., 0.], std=[1., 1., 1.], bgr_to_rgb=False)
RESNET = dict(type='ResNetV1c', depth=18, stem_channels=8, base_channels=8, out_indices=(3, ),
              dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), contract_dilation=True)


def batch(b=2, n=2, k=3, q=1, size=16):
    torch.manual_seed(0)
    samples = []
    for _ in range(b):
        s = EpisodeDataSample(metainfo=dict(episode_classes=tuple(range(1, n + 1)), run=0, episode=0))
        s.support_imgs = torch.randint(0, 255, (n, k, 3, size, size), dtype=torch.uint8)
        fg = (torch.rand(n, k, size, size) > 0.5).float()
        s.support_fg, s.support_bg = fg, 1 - fg
        s.gt_sem_seg = PixelData(data=torch.randint(0, n + 1, (q, size, size)))
        samples.append(s)
    inputs = [torch.randint(0, 255, (q, 3, size, size), dtype=torch.uint8) for _ in range(b)]
    return dict(inputs=inputs, data_samples=samples)


@pytest.mark.parametrize('backbone', [RESNET, dict(type='PANetVGG16', width=1 / 16)], ids=['resnetv1c', 'vgg16'])
def test_multi_way_multi_shot_losses_and_predictions(backbone):
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=backbone))
    data = model.data_preprocessor(batch(b=2, n=2, k=3, q=2), True)
    assert data['inputs'].shape == (4, 3, 16, 16)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_panet_query', 'loss_panet_align'}
    assert all(torch.isfinite(v) for v in losses.values())
    sum(losses.values()).backward()
    model.eval()
    with torch.no_grad():
        out = model(**model.data_preprocessor(batch(b=2, n=2, k=3, q=2), False), mode='predict')
    assert out[0].pred_sem_seg.data.shape == (2, 16, 16) and int(out[0].pred_sem_seg.data.max()) <= 2


def test_align_weight_zero_disables_par():
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=RESNET, align_weight=0.0))
    losses = model(**model.data_preprocessor(batch(), True), mode='loss')
    assert set(losses) == {'loss_panet_query'}


def test_preprocessor_normalizes_supports_and_queries_alike():
    pre = MODELS.build(dict(PRE, mean=[10., 20., 30.], std=[2., 4., 5.], bgr_to_rgb=True))
    data = batch(b=1, n=1, k=1, q=1, size=4)
    data['data_samples'][0].support_imgs = data['inputs'][0][None].clone()  # same pixels as the query
    out = pre(data)
    support = out['data_samples'][0].support_imgs[0, 0]
    assert torch.equal(support, out['inputs'][0])
    raw = data['inputs'][0][0].float()
    assert torch.allclose(out['inputs'][0][0], (raw[2] - 10) / 2)  # BGR -> RGB, then (x - mean) / std


def test_unknown_map_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="map_mode 'nearest' is not one of"):
        MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=RESNET, map_mode='nearest'))


def test_map_modes_give_the_same_scores():
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=RESNET)).eval()
    data = model.data_preprocessor(batch(b=1, n=2, k=2, q=1), False)
    with torch.no_grad():
        adjoint = model.encode_decode(data['inputs'], data['data_samples'])
        model.map_mode = 'upsample'
        upsample = model.encode_decode(data['inputs'], data['data_samples'])
    assert torch.allclose(adjoint, upsample, atol=1e-4)


def test_pretrained_loads_torchvision_vgg16_weights_into_the_backbone(tmp_path):
    import torchvision
    state = torchvision.models.vgg16(weights=None).state_dict()
    torch.save(state, tmp_path / 'vgg16.pth')
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=dict(type='PANetVGG16'),
                              pretrained=str(tmp_path / 'vgg16.pth')))
    model.init_weights()
    assert torch.equal(model.backbone.features[10].weight, state['features.10.weight'])
