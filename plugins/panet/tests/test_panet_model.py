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


def test_preprocessor_normalizes_a_copy_never_its_float_input():
    """normalize works in place on its own float copy: a float input (no BGR flip to copy it) stays as it was."""
    pre = MODELS.build(dict(PRE, mean=[1., 1., 1.], std=[2., 2., 2.]))
    images = torch.full((1, 3, 2, 2), 5.0)
    assert torch.equal(pre.normalize(images), torch.full((1, 3, 2, 2), 2.0)) and images.eq(5.0).all()


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


def _with_paths(data, paths):
    """Give each episode's supports (way-major) and queries the image files ``paths`` names."""
    for s, (support, query) in zip(data['data_samples'], paths):
        s.set_metainfo(dict(support_paths=support, query_paths=query))
    return data


class CountingBackbone(torch.nn.Module):
    """A deterministic stand-in encoder that counts the images it encodes."""

    def __init__(self):
        super().__init__()
        self.encoded = 0

    def forward(self, x):
        self.encoded += x.shape[0]
        return (torch.nn.functional.avg_pool2d(x, 4), )


def test_test_time_feature_cache_encodes_each_image_once_and_predicts_the_same():
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=RESNET)).eval()
    model.backbone = CountingBackbone()
    raw = batch(b=2, n=1, k=2, q=1)
    # episode 1 reuses a support of episode 0 as a support, and episode 0's query as a query
    raw['data_samples'][1].support_imgs[0, 0] = raw['data_samples'][0].support_imgs[0, 1]
    raw['inputs'][1] = raw['inputs'][0].clone()
    data = _with_paths(model.data_preprocessor(raw, False), [(('a', 'b'), ('q', )), (('b', 'c'), ('q', ))])
    with torch.no_grad():
        cached = model.encode_decode(data['inputs'], data['data_samples'])
        assert model.backbone.encoded == 4  # a, b, q, c: not 6
        again = model.encode_decode(data['inputs'], data['data_samples'])
        assert model.backbone.encoded == 4  # all from the cache
        model.feature_cache_bytes = 0
        plain = model.encode_decode(data['inputs'], data['data_samples'])
        assert model.backbone.encoded == 10
    assert torch.equal(cached, again) and torch.allclose(cached, plain)


def test_feature_cache_is_emptied_by_training_and_respects_its_budget():
    model = MODELS.build(dict(type='PANet', data_preprocessor=PRE, backbone=RESNET, feature_cache_mb=0)).eval()
    model.backbone = CountingBackbone()
    data = _with_paths(model.data_preprocessor(batch(b=1, n=1, k=1, q=1), False), [(('a', ), ('q', ))])
    one = 3 * 4 * 4 * 4  # bytes of one image's features: (3, 4, 4) float32
    model.feature_cache_bytes = one  # room for one image only
    with torch.no_grad():
        model.encode_decode(data['inputs'], data['data_samples'])
        assert len(model._feature_cache) == 1
        model.encode_decode(data['inputs'], data['data_samples'])
    assert model.backbone.encoded == 3  # a and q, then q again (it did not fit)
    model.train()
    assert not model._feature_cache
