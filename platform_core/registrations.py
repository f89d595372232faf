"""What every clseg config imports first (``custom_imports`` in ``configs/_base_/default_runtime.py``): clseg and
every installed plugin, so that any tool that reads a clseg config, OpenMMLab's own included (mmseg's
``browse_dataset.py``, ``print_config.py``, analysis tools), finds each ``type=`` in mmseg's registries (clseg has
one registry scope, mmseg's). Registered is not usable: clseg's tools still refuse a type whose plugin the config
does not list in ``plugins`` (``plugin_manager.check_config_types``)."""
import warnings

import platform_core  # noqa: F401  (registers the core's types)

from .errors import PluginError
from .plugin_manager import installed_plugins, load_entry_point

for _entry_point in installed_plugins().values():
    try:
        load_entry_point(_entry_point)
    except PluginError as exc:  # a broken plugin must not stop reading the configs that do not use it
        warnings.warn(str(exc), stacklevel=1)
