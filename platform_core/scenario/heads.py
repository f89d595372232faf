"""Config overrides a scenario commonly needs, as pure functions of the config."""
from typing import Any

__all__ = ['num_classes_overrides']


def num_classes_overrides(cfg: Any, num_classes: int) -> dict:
    """Dotted keys setting ``num_classes`` on the model's decode head and every auxiliary head."""
    model = cfg.get('model', {})
    overrides = {}
    if 'decode_head' in model:
        overrides['model.decode_head.num_classes'] = num_classes
    aux = model.get('auxiliary_head')
    if isinstance(aux, dict):
        overrides['model.auxiliary_head.num_classes'] = num_classes
    elif isinstance(aux, (list, tuple)):
        heads = [dict(head, num_classes=num_classes) for head in aux]
        overrides['model.auxiliary_head'] = heads
    return overrides
