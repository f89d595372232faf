"""clseg plugin 'weak': weakly supervised scenario (image-level labels + saliency, pixel-label evaluation)."""
from . import scenario  # noqa: F401  (registers the Weak scenario)
from .plugin import clseg_plugin_info

__all__ = ['clseg_plugin_info']
