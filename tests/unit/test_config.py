"""load_config: errors, work_dir default, data_root rewriting and --amp."""
import argparse
import os.path as osp
import re
import textwrap

import pytest
import torch
from mmengine.config import Config

from platform_core.config import DictAction, check_option_keys, load_config, set_data_root
from platform_core.errors import ConfigError

TINY = '''
data_root = 'old/root'
train_dataloader = dict(batch_size=2, dataset=dict(
    type='ConcatDataset',
    datasets=[dict(type='A', data_root='old/root', img_path='x'),
              dict(type='B', data_root='other/root')]))
val_dataloader = dict(dataset=dict(type='A', data_root='old/root'))
test_dataloader = val_dataloader
optim_wrapper = dict(type='OptimWrapper', optimizer=dict(type='SGD', lr=0.01))
'''


def _write(tmp_path, text=TINY, name='pspnet_r18_tiny.py') -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def test_missing_file_raises_config_error(tmp_path):
    missing = str(tmp_path / 'nope.py')
    with pytest.raises(ConfigError, match=r"config file '.*nope\.py' not found\. Pass the path of a config"):
        load_config(missing)


def test_syntax_error_raises_config_error(tmp_path):
    path = _write(tmp_path, 'model = dict(\n', name='broken.py')
    with pytest.raises(ConfigError, match=r"config '.*broken\.py' could not be read: SyntaxError"):
        load_config(path)


def test_missing_base_raises_config_error(tmp_path):
    path = _write(tmp_path, "_base_ = ['./absent.py']\n", name='child.py')
    with pytest.raises(ConfigError, match=r"config '.*child\.py' could not be read"):
        load_config(path)


def test_work_dir_defaults_to_work_dirs_config_stem(tmp_path):
    assert load_config(_write(tmp_path)).work_dir == osp.join('work_dirs', 'pspnet_r18_tiny')


def test_work_dir_argument_beats_config_beats_default(tmp_path):
    path = _write(tmp_path, TINY + "work_dir = 'from/config'\n")
    assert load_config(path).work_dir == 'from/config'
    assert load_config(path, work_dir='from/cli').work_dir == 'from/cli'


def test_cfg_options_and_launcher_applied(tmp_path):
    cfg = load_config(_write(tmp_path), cfg_options={'train_dataloader.batch_size': 8}, launcher='pytorch')
    assert cfg.train_dataloader.batch_size == 8
    assert cfg.launcher == 'pytorch'


def test_launcher_defaults_to_none(tmp_path):
    assert load_config(_write(tmp_path)).launcher == 'none'


def test_data_root_rewrites_every_dataloader_and_nested_datasets(tmp_path):
    cfg = load_config(_write(tmp_path), data_root='/new')
    assert [d['data_root'] for d in cfg.train_dataloader.dataset.datasets] == ['/new', '/new']
    assert cfg.train_dataloader.dataset.datasets[0]['img_path'] == 'x'
    assert cfg.val_dataloader.dataset.data_root == '/new'
    assert cfg.test_dataloader.dataset.data_root == '/new'
    assert cfg.data_root == '/new'


def test_no_data_root_leaves_config_alone(tmp_path):
    cfg = load_config(_write(tmp_path))
    assert [d['data_root'] for d in cfg.train_dataloader.dataset.datasets] == ['old/root', 'other/root']


def test_set_data_root_skips_missing_dataloaders_and_adds_no_top_level_key():
    cfg = Config(dict(train_dataloader=dict(dataset=dict(data_root='a')), val_dataloader=None))
    set_data_root(cfg, '/new')
    assert cfg.train_dataloader.dataset.data_root == '/new'
    assert cfg.val_dataloader is None
    assert 'data_root' not in cfg


def test_set_data_root_leaves_datasets_without_data_root_alone():
    cfg = Config(dict(train_dataloader=dict(dataset=dict(type='RepeatDataset', times=2,
                                                         dataset=dict(type='A', data_root='a')))))
    set_data_root(cfg, '/new')
    assert cfg.train_dataloader.dataset.dataset.data_root == '/new'
    assert 'data_root' not in cfg.train_dataloader.dataset


def test_set_data_root_rewrites_datasets_in_a_tuple(tmp_path):
    path = _write(tmp_path, "train_dataloader = dict(dataset=dict(type='ConcatDataset', datasets=("
                            "dict(type='A', data_root='a'), dict(type='B', data_root='b'))))\n")
    cfg = load_config(path, data_root='/new')
    assert [d['data_root'] for d in cfg.train_dataloader.dataset.datasets] == ['/new', '/new']


def test_amp_switches_optim_wrapper_with_dynamic_loss_scale(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    cfg = load_config(_write(tmp_path), amp=True)
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    assert cfg.optim_wrapper.loss_scale == 'dynamic'
    assert cfg.optim_wrapper.optimizer == dict(type='SGD', lr=0.01)


def test_amp_without_cuda_is_bfloat16_autocast(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    cfg = load_config(_write(tmp_path), amp=True)
    assert cfg.optim_wrapper.type == 'BF16OptimWrapper' and 'loss_scale' not in cfg.optim_wrapper


def _bf16_wrapper(model, **kwargs):
    from platform_core.registry import OPTIM_WRAPPERS
    return OPTIM_WRAPPERS.build(dict(type='BF16OptimWrapper', optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
                                     **kwargs))


def test_bf16_optim_wrapper_runs_the_forward_in_bfloat16_and_keeps_float32_weights():
    model = torch.nn.Linear(4, 2)
    wrapper = _bf16_wrapper(model, bf16=True)
    with wrapper.optim_context(model):
        out = model(torch.ones(3, 4))
    assert out.dtype == torch.bfloat16
    before = model.weight.detach().clone()
    wrapper.update_params(out.float().sum())
    assert model.weight.dtype == torch.float32 and not torch.equal(model.weight, before)


@pytest.mark.parametrize('native, dtype', [(True, torch.bfloat16), (False, torch.float32)])
def test_bf16_auto_autocasts_only_where_bfloat16_is_native(monkeypatch, native, dtype):
    from platform_core.engine import bf16
    monkeypatch.setattr(bf16, 'native_bf16', lambda device: native)
    model = torch.nn.Linear(4, 2)
    with _bf16_wrapper(model).optim_context(model):
        assert model(torch.ones(3, 4)).dtype == dtype


def test_bf16_false_never_autocasts_and_a_bad_value_is_named():
    model = torch.nn.Linear(4, 2)
    with _bf16_wrapper(model, bf16=False).optim_context(model):
        assert model(torch.ones(3, 4)).dtype == torch.float32
    with pytest.raises(ConfigError, match='optim_wrapper.bf16'):
        _bf16_wrapper(model, bf16='yes')


def test_amp_keeps_an_explicit_loss_scale(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    path = _write(tmp_path, TINY + 'optim_wrapper.update(loss_scale=512.0)\n')
    assert load_config(path, amp=True).optim_wrapper.loss_scale == 512.0


def test_without_amp_optim_wrapper_unchanged(tmp_path):
    assert load_config(_write(tmp_path)).optim_wrapper.type == 'OptimWrapper'


def test_amp_without_optim_wrapper_raises_config_error(tmp_path):
    path = _write(tmp_path, "model = dict(type='X')\n", name='no_optim.py')
    with pytest.raises(ConfigError, match='optim_wrapper'):
        load_config(path, amp=True)


@pytest.mark.parametrize('item, says', [
    ('max_iters', r"'max_iters' is not KEY=VALUE"),
    ('=3', r"'=3' is not KEY=VALUE"),
    ('scenario.train_iters=[1000,250', r'could not read .*Imbalanced brackets'),
])
def test_an_unreadable_cfg_option_is_one_usage_error(item, says, capsys):
    parser = argparse.ArgumentParser(prog='train.py')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(['--cfg-options', item])
    assert exit_.value.code == 2
    assert re.search(r'train.py: error: argument --cfg-options: ' + says, capsys.readouterr().err)


def test_readable_cfg_options_parse_as_mmengine_does():
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    assert parser.parse_args(['--cfg-options', 'a.b=3', 'c=[1,2]', 'd=None']).cfg_options == {
        'a.b': 3, 'c': [1, 2], 'd': None}


TYPO_CFG = Config(dict(train_cfg=dict(max_iters=4), model=dict(decode_head=dict(dropout_ratio=0.1)),
                       param_scheduler=[dict(end=4), dict(end=8, by_epoch=False)], test_dataloader=dict(batch_size=1)))


@pytest.mark.parametrize('key, message', [
    ('train_cfg.max_itres', r'--cfg-options train_cfg.max_itres: the config has no `max_itres` under `train_cfg`; '
                            r'did you mean `train_cfg.max_iters`\?'),
    ('model.decode_head.dropout_ratoi', r'did you mean `model.decode_head.dropout_ratio`'),
    ('modle.x', r'no `modle` at the top level; did you mean `model`'),
    ('param_scheduler.1.by_epohc', r'did you mean `param_scheduler.1.by_epoch`'),
])
def test_an_override_a_typo_away_from_a_config_key_is_refused(key, message):
    with pytest.raises(ConfigError, match=message):
        check_option_keys(TYPO_CFG, {key: 1})


@pytest.mark.parametrize('key', ['train_cfg.max_iters', 'start_from.run', 'mib.lr', 'model.decode_head.align_corners',
                                 'val_dataloader.batch_size', 'param_scheduler.1.end', 'train_cfg.val_interval'])
def test_new_keys_that_are_no_typo_pass(key):
    check_option_keys(TYPO_CFG, {key: 1})


def test_amp_on_cuda_replaces_the_cpu_bf16_wrapper_with_mmengines_amp_wrapper(monkeypatch):
    """--amp on a GPU: AmpOptimWrapper with dynamic loss scaling, and the CPU wrapper's bf16 switch dropped."""
    from mmengine.config import ConfigDict

    from platform_core.config import enable_amp
    monkeypatch.setattr('torch.cuda.is_available', lambda: True)
    wrapper = ConfigDict(type='BF16OptimWrapper', bf16='auto', optimizer=dict(type='AdamW', lr=1e-3))
    enable_amp(wrapper)
    assert wrapper == dict(type='AmpOptimWrapper', loss_scale='dynamic', optimizer=dict(type='AdamW', lr=1e-3))
