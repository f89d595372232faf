"""All-background baseline of a config's episodic test: the metrics of predicting 0 for every query pixel.

    python -m plugins.fewshot.baseline CONFIG [--data-root DIR] [--cfg-options k=v ...]
"""
import argparse
import copy
import json
from typing import Sequence

import torch

from platform_core.config import DictAction, load_config
from platform_core.registry import DATASETS, SCENARIOS

from .metric import EpisodicIoUMetric

__all__ = ['background_baseline', 'main']


def background_baseline(dataset, classes: Sequence[int]) -> dict:
    """EpisodicIoUMetric of all-zero predictions over every episode of ``dataset``."""
    metric = EpisodicIoUMetric(classes=classes)
    metric.dataset_meta = dataset.metainfo
    for index in range(len(dataset)):
        sample = dataset[index]['data_samples']
        target = sample.gt_sem_seg.data
        metric.process({}, [dict(run=sample.run, episode_classes=sample.episode_classes,
                                 pred_sem_seg=dict(data=torch.zeros_like(target)), gt_sem_seg=dict(data=target))])
    return metric.compute_metrics(metric.results)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('--data-root')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = parser.parse_args(argv)
    from mmengine.registry import init_default_scope
    from . import dataset as _  # noqa: F401  (registers EpisodicDataset)
    cfg = load_config(args.config, cfg_options=args.cfg_options, data_root=args.data_root)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    scenario = SCENARIOS.build(copy.deepcopy(cfg.scenario))
    cfg.merge_from_dict(scenario.configure(cfg, scenario.task(0)))
    result = background_baseline(DATASETS.build(cfg.test_dataloader.dataset), cfg.test_evaluator.classes)
    print(json.dumps(result))
    return result


if __name__ == '__main__':
    main()
