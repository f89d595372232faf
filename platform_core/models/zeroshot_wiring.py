"""What a generative zero-shot segmentor needs from the task and the config (pure functions)."""
from typing import Any, Optional

from platform_core.errors import ConfigError
from platform_core.registry import DATASETS

__all__ = ['zeroshot_model_overrides']


def zeroshot_model_overrides(cfg: Any, task: Any, plugin: str) -> Optional[dict]:
    """Seen/unseen classes, class names and the embedding root for ``model``; None outside a zero-shot task.

    Self-training reads unlabelled pixels of training images, so it needs a transductive scenario.
    """
    if task.get('unseen') is None:
        return None
    stages = [s.get('name') for s in cfg.get('train_cfg', {}).get('stages', [])]
    if 'self_training' in stages and not task.get('transductive'):
        raise ConfigError(f"{plugin}: train_cfg.stages has 'self_training', which learns from unlabelled pixels; "
                          'set scenario.transductive=True (or drop the stage).')
    dataset = cfg.train_dataloader.dataset
    overrides = {'model.seen_classes': list(task.get('seen')), 'model.unseen_classes': list(task.get('unseen')),
                 'model.data_root': dataset.get('data_root')}
    if not cfg.model.get('class_names'):
        dataset_cls = DATASETS.get(dataset.get('type'))
        names = (dataset.get('metainfo') or {}).get('classes') or getattr(dataset_cls, 'METAINFO', {}).get('classes')
        overrides['model.class_names'] = list(names) if names else None
    return overrides
