"""Importable test kit: tiny SynthVOC data, tiny run configs, fake entry points, a recording plugin, and the
plugin contract check (``check_plugin``)."""
from .contract import check_plugin, plugin_problems
from .kit import drop_pretrained, fake_entry_points, make_tiny_synthvoc, run_configs, tiny_config

__all__ = ['make_tiny_synthvoc', 'tiny_config', 'drop_pretrained', 'fake_entry_points', 'run_configs', 'check_plugin',
           'plugin_problems']
