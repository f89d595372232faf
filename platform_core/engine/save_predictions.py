"""SavePredictionsHook (``tools/test.py --out DIR``): every test image's prediction as a label PNG in the VOC
palette, named after the image (``DIR/<image id>.png``, values = the model's class channels), written
atomically. mmseg-style test sets only: an episodic few-shot test predicts episode-local labels."""
from pathlib import Path

from mmengine.hooks import Hook
from mmseg.datasets import BaseSegDataset

from ..data.conversion import save_mask
from ..errors import ConfigError
from ..registry import HOOKS

__all__ = ['SavePredictionsHook']


@HOOKS.register_module()
class SavePredictionsHook(Hook):
    """Write each test prediction to ``out_dir/<image id>.png``."""

    def __init__(self, out_dir: str) -> None:
        self.out_dir = Path(out_dir)

    def before_test(self, runner) -> None:
        if not isinstance(runner.test_dataloader.dataset, BaseSegDataset):
            raise ConfigError(f'--out: the test set of this config ({type(runner.test_dataloader.dataset).__name__}) '
                              'has no per-image predictions to save (an episodic test); leave --out out.')

    def after_test_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        for sample in outputs or ():
            label = sample.pred_sem_seg.data.squeeze(0).cpu().numpy()
            save_mask(label, self.out_dir / f'{Path(sample.img_path).stem}.png')
