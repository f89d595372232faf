"""The only registry module: mmseg's registries (one scope, 'mmseg') plus clseg's SCENARIOS.

Plugins import registries from here only. Classes register into mmseg's registries next to mmseg's own,
so a name clash fails loudly at import.
"""
from typing import Any, Iterator

from mmengine.registry import Registry
from mmseg.registry import (DATA_SAMPLERS, DATASETS, EVALUATOR, HOOKS, LOOPS, METRICS, MODEL_WRAPPERS,
                            MODELS, OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS, OPTIMIZERS,
                            PARAM_SCHEDULERS, RUNNERS, TRANSFORMS, VISBACKENDS, VISUALIZERS, WEIGHT_INITIALIZERS)

__all__ = [
    'DATASETS', 'DATA_SAMPLERS', 'EVALUATOR', 'HOOKS', 'LOOPS', 'METRICS', 'MODELS', 'MODEL_WRAPPERS',
    'OPTIMIZERS', 'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS', 'PARAM_SCHEDULERS', 'RUNNERS',
    'SALIENCY_ESTIMATORS', 'SCENARIOS', 'TRANSFORMS', 'VISBACKENDS', 'VISUALIZERS', 'is_registered',
    'config_dicts', 'config_type_names',
]

SCENARIOS = Registry('scenario', scope='mmseg')
# Saliency estimators of weakly supervised scenarios (platform_core/data/saliency.py).
SALIENCY_ESTIMATORS = Registry('saliency estimator', scope='mmseg')

_ALL = (MODELS, DATASETS, TRANSFORMS, METRICS, EVALUATOR, LOOPS, HOOKS, OPTIMIZERS, OPTIM_WRAPPERS,
        OPTIM_WRAPPER_CONSTRUCTORS, PARAM_SCHEDULERS, DATA_SAMPLERS, RUNNERS, MODEL_WRAPPERS,
        VISBACKENDS, VISUALIZERS, WEIGHT_INITIALIZERS, SCENARIOS, SALIENCY_ESTIMATORS)


def is_registered(name: str) -> bool:
    """Whether ``name`` is a registered ``type=`` in any registry (mmseg's scope, then mmengine's)."""
    return any(registry.get(name) is not None for registry in _ALL)


def config_dicts(node: Any) -> Iterator[dict]:
    """Every dict of a config tree, each before the dicts inside it, so a caller may change one's keys as it
    gets it (what it adds is walked too)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from config_dicts(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from config_dicts(value)


def config_type_names(node: Any, path: str = '') -> Iterator[tuple[str, str]]:
    """Yield ``(key path, type name)`` for every string ``type=`` in a config tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f'{path}.{key}' if path else str(key)
            if key == 'type' and isinstance(value, str):
                yield path or '<root>', value
            else:
                yield from config_type_names(value, child)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from config_type_names(value, f'{path}[{i}]')
