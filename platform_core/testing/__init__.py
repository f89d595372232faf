"""Importable test kit: tiny SynthVOC data, tiny run configs, fake entry points, a recording plugin."""
from .kit import drop_pretrained, fake_entry_points, make_tiny_synthvoc, run_configs, tiny_config

__all__ = ['make_tiny_synthvoc', 'tiny_config', 'drop_pretrained', 'fake_entry_points', 'run_configs']
