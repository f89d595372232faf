"""PredictionOverlayHook: a few test images of the last task with their ground truth and prediction, drawn
into ``<work_dir>/plots/predictions.png`` for results.md (mmseg-style datasets only: an episodic few-shot test
has no per-image class labels to colour)."""
from pathlib import Path

import mmcv
from mmengine.hooks import Hook
from mmseg.datasets import BaseSegDataset

from ..evaluation.plots import overlays
from ..registry import HOOKS

__all__ = ['PredictionOverlayHook']


@HOOKS.register_module()
class PredictionOverlayHook(Hook):
    """Keep the first ``num_images`` test samples' image, ground truth and prediction; draw them after the test.

    Args:
        path: the PNG to write.
        num_images: how many test images.
    """

    def __init__(self, path: str, num_images: int = 4) -> None:
        self.path, self.num_images = Path(path), num_images
        self.samples: list = []

    def before_test(self, runner) -> None:
        self.samples = []
        self.active = isinstance(runner.test_dataloader.dataset, BaseSegDataset)

    def after_test_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        for sample in outputs or ():
            if not self.active or len(self.samples) >= self.num_images:
                return
            if 'gt_sem_seg' in sample and 'pred_sem_seg' in sample and sample.get('img_path'):
                image = mmcv.imread(sample.img_path, channel_order='rgb')
                truth = sample.gt_sem_seg.data.squeeze(0).cpu().numpy()
                pred = sample.pred_sem_seg.data.squeeze(0).cpu().numpy()
                if image.shape[:2] == truth.shape == pred.shape:
                    self.samples.append((image, truth, pred))

    def after_test_epoch(self, runner, metrics=None) -> None:
        if self.samples and runner.rank == 0:
            classes = runner.test_dataloader.dataset.metainfo.get('classes', ())
            overlays(self.samples, classes, title=f'test images of {Path(runner.work_dir).name}', path=self.path)
