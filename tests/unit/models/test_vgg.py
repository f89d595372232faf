"""PANet's VGG16: output stride 8 with 417 -> 53, torchvision weights load by layer index."""
import pytest
import torch
import torchvision

from platform_core.errors import ConfigError
from platform_core.models.vgg import PANetVGG16, vgg16_panet_layers


def test_layout_matches_panet_pools_dilation_and_no_last_relu():
    layers = vgg16_panet_layers()
    pools = [m for m in layers if isinstance(m, torch.nn.MaxPool2d)]
    assert [p.stride for p in pools] == [2, 2, 2, 1] and all(p.kernel_size == 3 and p.padding == 1 for p in pools)
    convs = [m for m in layers if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 13 and [c.dilation for c in convs[-3:]] == [(2, 2)] * 3
    assert isinstance(layers[-1], torch.nn.Identity)


def test_417_input_gives_53x53_features():
    with torch.no_grad():
        out = PANetVGG16(width=1 / 16)(torch.zeros(1, 3, 417, 417))
    assert len(out) == 1 and out[0].shape == (1, 32, 53, 53)


def test_loads_torchvision_vgg16_state_dict_from_a_local_file(tmp_path):
    state = torchvision.models.vgg16(weights=None).state_dict()
    torch.save(state, tmp_path / 'vgg16.pth')
    model = PANetVGG16(weights=str(tmp_path / 'vgg16.pth'))
    assert torch.equal(model.features[28].weight, state['features.28.weight'])
    assert torch.equal(model.features[0].bias, state['features.0.bias'])


def test_missing_weights_file_names_it():
    with pytest.raises(ConfigError, match='weights file .*nope.pth.* not found'):
        PANetVGG16(weights='nope.pth')
