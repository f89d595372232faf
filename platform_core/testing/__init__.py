"""Importable test kit: tiny SynthVOC data, tiny run configs, fake entry points, a recording plugin."""
from .kit import fake_entry_points, make_tiny_synthvoc, tiny_config

__all__ = ['make_tiny_synthvoc', 'tiny_config', 'fake_entry_points']
