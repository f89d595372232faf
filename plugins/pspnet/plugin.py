"""Hook implementations of the 'pspnet' method plugin.

PSPNet's math is mmseg's own (PSPHead + FCNHead auxiliary loss on ContinualSegmentor = EncoderDecoder);
this plugin declares the method, what supervision it learns from, and ships its configs.
"""
from platform_core.hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('pixel',),
                      summary='PSPNet (CVPR 2017): pyramid pooling head + auxiliary FCN loss, fully supervised')
