"""Backbone pretraining (tools/pretrain_backbone.py): a real run on tiny data, the file it writes, and the
weights landing in the CPU configs' dilated backbone."""
import pytest
import torch

from platform_core.checkpoint import is_trusted
from platform_core.errors import ConfigError
from platform_core.pretrain import DEFAULT_CONFIG as CONFIG, backbone_state_dict, pretrain_backbone
from platform_core.registry import MODELS
from platform_core.testing import tiny_config


def test_pretraining_writes_trusted_backbone_weights_that_the_cpu_backbone_loads(tmp_path):
    data = tmp_path / 'pretrain-data'
    cfg = tiny_config(CONFIG, data_root=data, work_dir=tmp_path / 'work', max_iters=2,
                      options=dict(synthvoc=dict(num_train=8, num_val=1, size=64, seed=1)))
    out = tmp_path / 'weights' / 'r18.pth'
    assert pretrain_backbone(cfg, out=str(out))['status'] == 'trained'
    assert (data / 'synthvoc.json').is_file() and is_trusted(out)
    saved = torch.load(out, weights_only=True)['state_dict']
    assert 'conv1.weight' not in saved and 'stem.0.weight' in saved
    assert not any(k.startswith('backbone.') for k in saved)

    dilated = dict(cfg.model.backbone, dilations=(1, 1, 2, 4), strides=(1, 2, 1, 1), contract_dilation=True,
                   out_indices=(0, 1, 2, 3), init_cfg=dict(type='Pretrained', checkpoint=str(out)))
    backbone = MODELS.build(dilated)
    backbone.init_weights()
    assert all(torch.equal(v, saved[k]) for k, v in backbone.state_dict().items())

    assert pretrain_backbone(cfg, out=str(out))['status'] == 'exists'  # made once per machine


def test_a_file_clseg_did_not_write_is_never_overwritten(tmp_path):
    out = tmp_path / 'r18.pth'
    out.write_bytes(b'somebody else')
    cfg = tiny_config(CONFIG, data_root=tmp_path / 'data', work_dir=tmp_path / 'work', max_iters=1)
    with pytest.raises(ConfigError, match='not written by clseg.*--force'):
        pretrain_backbone(cfg, out=str(out))
    assert out.read_bytes() == b'somebody else'


def test_a_model_without_backbone_cannot_be_pretrained():
    with pytest.raises(ConfigError, match='Linear has no `backbone`'):
        backbone_state_dict(torch.nn.Linear(2, 2))
