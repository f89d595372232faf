"""PLOP's per-class uncertainty thresholds for pseudo-labelling (released code: Trainer.find_median), computed once
per step over the step's training data by :class:`PLOPThresholdHook` before the step trains."""
import torch
from mmengine.hooks import Hook
from mmengine.logging import print_log
from torch.utils.data import DataLoader

from platform_core.dist import unwrap
from platform_core.engine.rng_state import capture_rng, restore_rng
from platform_core.registry import HOOKS

__all__ = ['entropy_histograms', 'median_thresholds', 'PLOPThresholdHook', 'BINS']

BINS = 100


def entropy_histograms(certainty: torch.Tensor, old_class: torch.Tensor, num_classes: int,
                       bins: int = BINS) -> torch.Tensor:
    """(num_classes, bins) counts of ``certainty`` values (1-D, in [0, 1]) per old-model class ``old_class``."""
    index = torch.clamp((certainty * bins).long(), max=bins - 1)
    hist = torch.zeros(num_classes, bins, dtype=torch.long)
    hist.index_put_((old_class.cpu(), index.cpu()), torch.ones_like(index.cpu()), accumulate=True)
    return hist


def _code_median(counts: list, bins: int) -> float:
    """The released code's approximate median: its running sum adds the bin's index, not its count, so it is
    right while the median lies in the first bin (usual: u <= 1 / (C_old log C_seen))."""
    half, running = sum(counts) / 2, 0.0
    for step in range(bins):
        lower = step / bins
        index = int(lower * bins)
        if running <= half <= running + counts[index]:
            break
        running += lower * bins
    if counts[index] == 0:  # the code divides by zero here; nothing to interpolate, the bin's lower edge
        return lower
    return lower + (half - running) / counts[index] / bins


def _true_median(counts: list, bins: int) -> float:
    half, running = sum(counts) / 2, 0.0
    for index, count in enumerate(counts):
        if count and running + count >= half:
            return (index + (half - running) / count) / bins
        running += count
    return 1.0


def median_thresholds(hist: torch.Tensor, *, floor: float = 0.001, exact: bool = False) -> torch.Tensor:
    """Per class: the median of its histogram (the code's approximation, or the true one with ``exact``), at
    least ``floor``; classes never predicted get ``floor``."""
    bins, median = hist.shape[1], _true_median if exact else _code_median
    values = [median(row, bins) if sum(row) > 0 else 0.0 for row in hist.tolist()]
    return torch.tensor(values, dtype=torch.float32).clamp(min=floor)


@HOOKS.register_module()
class PLOPThresholdHook(Hook):
    """Before a step > 0 trains: run the frozen old model over the step's training set (its train pipeline,
    sequentially), histogram the uncertainty of background pixels per old class, and store the thresholds in the
    model's ``pseudo_thresholds`` buffer. A resumed step keeps the thresholds its checkpoint holds; the random
    numbers the data pipeline draws here are given back, so training draws as it would without this pass."""
    priority = 'LOW'

    def before_train(self, runner) -> None:
        model = unwrap(runner.model)
        if not model.num_old or not bool(torch.isnan(model.pseudo_thresholds).any()):
            return
        state = capture_rng()
        try:
            hist = self._histograms(model, runner.train_dataloader)
        finally:
            restore_rng(state)
        model.set_thresholds(hist)
        print_log(f'plop: pseudo-label thresholds of the old classes {model.pseudo_thresholds.tolist()} '
                  f'from {int(hist.sum())} background pixels', logger='current')

    @staticmethod
    def _histograms(model, loader: DataLoader) -> torch.Tensor:
        sequential = DataLoader(loader.dataset, batch_size=loader.batch_size, shuffle=False, num_workers=0,
                                collate_fn=loader.collate_fn)
        hist = torch.zeros(model.num_old, BINS, dtype=torch.long)
        with torch.no_grad():
            for batch in sequential:
                data = model.data_preprocessor(batch, True)
                hist += model.background_histogram(data['inputs'], data['data_samples'])
        return hist
