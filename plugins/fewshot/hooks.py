"""Hooks of the few-shot scenario: the episodic test split is checked before training, not after it; the
episodic test (runs x episodes, often thousands) shows a progress bar on a terminal."""
from mmengine.hooks import Hook

from platform_core.engine.rng_state import capture_rng, restore_rng
from platform_core.progress import interactive, make_progress
from platform_core.registry import HOOKS

__all__ = ['CheckTestEpisodesHook', 'EpisodeProgressHook']


@HOOKS.register_module()
class CheckTestEpisodesHook(Hook):
    """Build the test loop before the first training iteration: its EpisodicDataset refuses a split without
    enough images per class for the episodes, so that the error comes before training instead of after it.
    The random-number state is left as it was, so the training draws the same numbers as without the check."""

    def before_train(self, runner) -> None:
        if runner.cfg.get('test_dataloader') is None:
            return
        state = capture_rng()
        runner.test_loop  # noqa: B018  (building the loop builds and checks the dataset; test() reuses it)
        restore_rng(state)


@HOOKS.register_module()
class EpisodeProgressHook(Hook):
    """A bar over the test episodes (count, elapsed, ETA), drawn on a terminal only."""

    def __init__(self) -> None:
        self.bar = None

    def before_test_epoch(self, runner) -> None:
        if interactive():
            self.bar = make_progress()
            self.bar.start()
            self.task = self.bar.add_task('episodic test', total=len(runner.test_dataloader))

    def after_test_iter(self, runner, batch_idx: int, data_batch=None, outputs=None) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def after_test_epoch(self, runner, metrics=None) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
