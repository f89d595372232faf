"""Plugin discovery, activation and validation: every user-facing error names what is wrong."""
import pytest
import torch
from mmengine.config import Config

from platform_core import plugin_manager as pmod
from platform_core.engine import merge_contributions
from platform_core.errors import ConfigError, PluginError
from platform_core.hookspecs import PluginInfo
from platform_core.models import collect_extra_losses
from platform_core.testing import fake_entry_points


def test_requested_plugins_and_core_are_active_others_not():
    pm = pmod.build_plugin_manager(['joint'])
    assert pm.plugin_names() == ['core', 'joint']
    assert pm.info()['joint'].kind == 'scenario'


def test_unknown_plugin_name_lists_installed_ones():
    with pytest.raises(PluginError, match=r"unknown plugin\(s\) \['nope'\].*Installed: \[.*'joint'"):
        pmod.build_plugin_manager(['nope'])


def test_plugin_listed_twice_is_a_config_error():
    with pytest.raises(ConfigError, match='lists a plugin twice'):
        pmod.build_plugin_manager(['joint', 'joint'])


def test_plugin_that_fails_to_import_is_named_with_its_exception(monkeypatch):
    fake_entry_points(monkeypatch, {'broken': 'clseg_no_such_module_xyz'})
    with pytest.raises(PluginError, match=r"plugin 'broken' \(module clseg_no_such_module_xyz.*"
                                          r"failed to import: ModuleNotFoundError"):
        pmod.build_plugin_manager(['broken'])


def test_inactive_broken_plugin_does_not_stop_a_run(monkeypatch):
    fake_entry_points(monkeypatch, {'broken': 'clseg_no_such_module_xyz'})
    assert 'joint' in pmod.build_plugin_manager(['joint']).plugin_names()


def test_hookimpl_with_unknown_argument_breaks_the_contract(tmp_path, monkeypatch):
    (tmp_path / 'bad_args_plugin.py').write_text(
        'from platform_core.hookspecs import hookimpl, PluginInfo\n'
        '@hookimpl\ndef clseg_plugin_info():\n    return PluginInfo(kind="other")\n'
        '@hookimpl\ndef clseg_after_task(task, metrics, not_an_argument):\n    return None\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'badargs': 'bad_args_plugin'})
    with pytest.raises(PluginError, match=r"plugin 'badargs' breaks the hook contract.*not_an_argument"):
        pmod.build_plugin_manager(['badargs'])


def test_unknown_hook_name_breaks_the_contract(tmp_path, monkeypatch):
    (tmp_path / 'typo_plugin.py').write_text(
        'from platform_core.hookspecs import hookimpl, PluginInfo\n'
        '@hookimpl\ndef clseg_plugin_info():\n    return PluginInfo(kind="other")\n'
        '@hookimpl\ndef clseg_after_tsak(task):\n    return None\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'typo': 'typo_plugin'})
    with pytest.raises(PluginError, match=r"plugin 'typo' breaks the hook contract.*clseg_after_tsak"):
        pmod.build_plugin_manager(['typo'])


def test_plugin_info_must_be_a_plugininfo(tmp_path, monkeypatch):
    (tmp_path / 'noinfo_plugin.py').write_text(
        'from platform_core.hookspecs import hookimpl\n'
        '@hookimpl\ndef clseg_plugin_info():\n    return {"kind": "method"}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'noinfo': 'noinfo_plugin'})
    with pytest.raises(PluginError, match=r"plugin 'noinfo': hook clseg_plugin_info must return a PluginInfo"):
        pmod.build_plugin_manager(['noinfo'])


def test_unknown_types_are_listed_together_with_active_and_inactive_plugins():
    pm = pmod.build_plugin_manager(['joint'])
    cfg = Config(dict(model=dict(type='ContinualSegmentor', backbone=dict(type='NoSuchBackbone')),
                      scenario=dict(type='NoSuchScenario')))
    with pytest.raises(ConfigError) as err:
        pmod.check_config_types(cfg, pm)
    message = str(err.value)
    assert "'NoSuchBackbone' (at model.backbone)" in message
    assert "'NoSuchScenario' (at scenario)" in message
    assert "Active plugins: ['joint']" in message
    assert "Installed, not active: [" in message and "'pspnet'" in message


def test_known_types_pass_the_check():
    pm = pmod.build_plugin_manager(['joint'])
    pmod.check_config_types(Config(dict(model=dict(type='ContinualSegmentor'), s=dict(type='Joint'))), pm)
    init = dict(type='ResNetV1c', init_cfg=dict(type='Pretrained', checkpoint='w.pth'))  # weight initializers
    pmod.check_config_types(Config(dict(model=dict(type='ContinualSegmentor', backbone=init))), pm)


def test_method_refuses_supervision_it_cannot_learn_from():
    pm = pmod.build_plugin_manager(['pspnet'])
    with pytest.raises(ConfigError, match=r"method plugin 'pspnet' learns from \['pixel'\].*gives \['image'\]"):
        pmod.supervision_check(pm, {'image'})


def test_same_key_from_two_plugins_with_different_values_is_an_error():
    assert merge_contributions({'a': {'x': 1}, 'b': {'x': 1, 'y': 2}}) == {'x': 1, 'y': 2}
    with pytest.raises(ConfigError, match=r"plugins 'a' and 'b' both set `x`"):
        merge_contributions({'a': {'x': 1}, 'b': {'x': 2}})


def test_collect_by_plugin_keeps_registration_order_and_drops_none():
    pm = pmod.build_plugin_manager(['joint', 'pspnet'])
    infos = pmod.collect_by_plugin(pm, 'clseg_plugin_info')
    assert list(infos) == ['core', 'joint', 'pspnet']
    assert all(isinstance(info, PluginInfo) for info in infos.values())


def test_extra_loss_keys_must_carry_the_plugin_namespace(tmp_path, monkeypatch):
    (tmp_path / 'lossy_plugin.py').write_text(
        'import torch\nfrom platform_core.hookspecs import hookimpl, PluginInfo\n'
        '@hookimpl\ndef clseg_plugin_info():\n    return PluginInfo(kind="other")\n'
        '@hookimpl\ndef clseg_extra_losses(inputs):\n    return {"loss_distill": torch.tensor(1.0)}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    fake_entry_points(monkeypatch, {'lossy': 'lossy_plugin'})
    pm = pmod.build_plugin_manager(['lossy'])
    with pytest.raises(PluginError, match=r"plugin 'lossy': clseg_extra_losses key 'loss_distill' must start "
                                          r"with 'loss_lossy_'"):
        collect_extra_losses(pm, None, torch.zeros(1, 3, 2, 2), [])


def test_no_extra_losses_outside_a_run():
    assert collect_extra_losses(None, None, torch.zeros(1, 3, 2, 2), []) == {}


def test_a_plugin_hook_that_raises_is_named_in_the_error():
    import pluggy

    from platform_core.errors import PluginError, ScenarioError
    from platform_core.plugin_manager import collect_by_plugin

    impl = pluggy.HookimplMarker('clseg')

    class Broken:
        @impl
        def clseg_report(self, results):
            raise KeyError('mIoU')

    class Refusing:
        @impl
        def clseg_report(self, results):
            raise ScenarioError('already a clear error')

    pm = pmod.ClsegPluginManager()
    pm.register(Broken(), name='broken')
    with pytest.raises(PluginError, match=r"plugin 'broken' failed in clseg_report: KeyError: 'mIoU'"):
        collect_by_plugin(pm, 'clseg_report', results=[], work_dir='w')
    pm.unregister(name='broken')
    pm.register(Refusing(), name='refusing')
    with pytest.raises(ScenarioError, match='already a clear error'):
        collect_by_plugin(pm, 'clseg_report', results=[], work_dir='w')


# ---------------------------------------------------------------------------------------------------------------
# hooks are called through pluggy: call order, wrappers, results kept with their plugin
def _reporting_manager(calls: list) -> pmod.ClsegPluginManager:
    """'plain', then 'first' (tryfirst) and 'wrapping' (a wrapper that appends a section after the others)."""
    from platform_core.hookspecs import hookimpl

    class Plain:
        @hookimpl
        def clseg_report(self, results):
            calls.append('plain')
            return 'plain section'

    class First:
        @hookimpl(tryfirst=True)
        def clseg_report(self, results):
            calls.append('first')
            return 'first section'

    class Wrapping:
        @hookimpl(wrapper=True)
        def clseg_report(self, results):
            calls.append('wrapper before')
            contributions = yield
            calls.append('wrapper after')
            return [*contributions, pmod.Contribution('wrapping', f'{len(contributions)} sections above')]

    pm = pmod.ClsegPluginManager()
    for name, plugin in (('plain', Plain()), ('first', First()), ('wrapping', Wrapping())):
        pm.register(plugin, name=name)
    return pm


def test_hooks_run_in_pluggy_order_and_results_combine_in_registration_order():
    calls = []
    sections = pmod.collect_by_plugin(_reporting_manager(calls), 'clseg_report', results=[], work_dir='w')
    assert calls == ['wrapper before', 'first', 'plain', 'wrapper after']  # tryfirst first, the wrapper around
    assert sections == {'plain': 'plain section', 'first': 'first section', 'wrapping': '2 sections above'}


def test_a_wrapper_that_returns_something_else_than_contributions_is_named():
    from platform_core.hookspecs import hookimpl

    class Bad:
        @hookimpl(wrapper=True)
        def clseg_report(self, results):
            yield
            return ['a bare string']

    pm = _reporting_manager([])
    pm.register(Bad(), name='bad')
    with pytest.raises(PluginError, match=r"clseg_report: a wrapper hookimpl replaced the results with \['a bare"):
        pmod.collect_by_plugin(pm, 'clseg_report', results=[], work_dir='w')


def test_two_managers_in_one_process_do_not_see_each_others_plugins(tmp_path, monkeypatch):
    """No process-global manager: a model attached to one run adds only that run's plugin losses."""
    from mmseg.models import EncoderDecoder

    from platform_core.models import attach_plugins

    fake_entry_points(monkeypatch, {'recorder': 'platform_core.testing.recorder'})
    with_recorder, without = pmod.build_plugin_manager(['recorder']), pmod.build_plugin_manager([])
    model = torch.nn.Linear(1, 1)
    assert list(collect_extra_losses(with_recorder, model, torch.zeros(2, 3, 2, 2), [])) == ['loss_recorder_zero']
    assert collect_extra_losses(without, model, torch.zeros(2, 3, 2, 2), []) == {}
    plain = EncoderDecoder.__new__(EncoderDecoder)
    attach_plugins(plain, without)  # no plugin adds losses: a plain mmseg model is fine
    with pytest.raises(ConfigError, match=r"plugin\(s\) \['recorder'\] add losses .* the model EncoderDecoder "
                                          r"cannot take them"):
        attach_plugins(plain, with_recorder)


def test_a_method_cannot_override_loss_and_skip_the_plugins_losses():
    from platform_core.models import ContinualSegmentor

    with pytest.raises(TypeError, match='Skipping defines loss\\(\\); implement method_losses'):
        type('Skipping', (ContinualSegmentor,), {'loss': lambda self, inputs, data_samples: {}})


def test_a_type_of_an_installed_plugin_the_config_does_not_list_is_refused():
    """Every plugin's types are registered (every config imports them all), but only listed plugins' hooks run."""
    import plugins.mib  # noqa: F401  (registered, as platform_core.registrations does for every config)

    cfg = Config(dict(model=dict(type='MiBSegmentor')))
    with pytest.raises(ConfigError, match=r"'MiBSegmentor' \(at model\) comes from plugin 'mib', which the config "
                                          r"does not list in `plugins` \['incremental', 'finetune'\]: add it there"):
        pmod.check_config_types(cfg, pmod.build_plugin_manager(['incremental', 'finetune']))
    pmod.check_config_types(cfg, pmod.build_plugin_manager(['incremental', 'mib']))
