"""Hook implementations of the 'panet' method plugin. PANet's math lives in models.py / losses.py;
everything between tasks is the fewshot scenario's business, so only the description is needed."""
from platform_core.hookspecs import PluginInfo, hookimpl


@hookimpl
def clseg_plugin_info() -> PluginInfo:
    return PluginInfo(kind='method', supervision=('episodes',), types=('PANet', 'PANetVGG16'),
                      summary='PANet (ICCV 2019): prototypes by masked average pooling, cosine logits, '
                      'prototype alignment regularization')
