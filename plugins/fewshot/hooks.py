"""CheckTestEpisodesHook: the episodic test split is checked before training, not after it."""
from mmengine.hooks import Hook

from platform_core.engine.rng_state import capture_rng, restore_rng
from platform_core.registry import HOOKS

__all__ = ['CheckTestEpisodesHook']


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
