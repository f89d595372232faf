"""The loss template of every clseg model: the method's own losses (``method_losses``), then the losses the
active plugins add through ``clseg_extra_losses``. The runner that builds a task's model hands it the run's
plugin manager (:func:`attach_plugins`); a model used outside a clseg run has none and adds nothing."""
from typing import TYPE_CHECKING, Any, Optional

from ..dist import unwrap
from ..errors import ConfigError, PluginError
from ..plugin_manager import collect_by_plugin

if TYPE_CHECKING:
    from ..plugin_manager import ClsegPluginManager

__all__ = ['PluginLossMixin', 'attach_plugins', 'collect_extra_losses']


def collect_extra_losses(pm: Optional['ClsegPluginManager'], segmentor: Any, inputs: Any, data_samples: list) -> dict:
    """Call ``clseg_extra_losses`` on ``pm``'s plugins (none: ``{}``); check the ``loss_<plugin>_`` key rule."""
    if pm is None:
        return {}
    merged: dict = {}
    contributions = collect_by_plugin(pm, 'clseg_extra_losses', segmentor=segmentor, inputs=inputs,
                                      data_samples=data_samples)
    for plugin, losses in contributions.items():
        for key, value in losses.items():
            if not key.startswith(f'loss_{plugin}_'):
                raise PluginError(f"plugin '{plugin}': clseg_extra_losses key {key!r} must start with "
                                  f"'loss_{plugin}_' (one namespace per plugin).")
            merged[key] = value
    return merged


class PluginLossMixin:
    """Put before mmengine's model base class: ``loss()`` is the method's ``method_losses()`` plus the plugins'
    extra losses. A subclass implements ``method_losses``; defining ``loss`` itself is a TypeError, so no method
    can silently switch the plugins' losses off."""
    _plugin_manager: Optional['ClsegPluginManager'] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if 'loss' in cls.__dict__:
            raise TypeError(f'{cls.__name__} defines loss(); implement method_losses(inputs, data_samples) instead '
                            '(PluginLossMixin.loss adds the plugins\' clseg_extra_losses to it).')

    def attach_plugins(self, pm: Optional['ClsegPluginManager']) -> None:
        """Call ``pm``'s ``clseg_extra_losses`` in every ``loss()`` (None: no plugin losses)."""
        self._plugin_manager = pm

    def __getstate__(self) -> dict:  # copies and pickles of a model carry no plugin manager
        state = dict(super().__getstate__())
        state.pop('_plugin_manager', None)
        return state

    def loss(self, inputs: Any, data_samples: list) -> dict:
        losses = self.method_losses(inputs, data_samples)
        losses.update(collect_extra_losses(self._plugin_manager, self, inputs, data_samples))
        return losses

    def method_losses(self, inputs: Any, data_samples: list) -> dict:
        """The method's own losses of one batch, ``{'loss_...': tensor}``."""
        raise NotImplementedError


def attach_plugins(model: Any, pm: 'ClsegPluginManager') -> None:
    """Hand ``pm`` to a task's model (DDP-wrapped or not). A model without the loss template is an error when
    an active plugin adds losses: they would be silently dropped."""
    model = unwrap(model)
    if isinstance(model, PluginLossMixin):
        model.attach_plugins(pm)
        return
    adders = [impl.plugin_name for impl in pm.hook.clseg_extra_losses.get_hookimpls()]
    if adders:
        raise ConfigError(f'plugin(s) {adders} add losses (clseg_extra_losses), but the model {type(model).__name__} '
                          'cannot take them: use a clseg model (platform_core.models.ContinualSegmentor instead of '
                          "mmseg's EncoderDecoder), or remove those plugins from `plugins`.")
