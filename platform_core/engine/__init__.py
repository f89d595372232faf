"""The continual engine: ContinualRunner over mmengine Runners, state.json, resume."""
from .bf16 import BF16OptimWrapper
from .checkpoint_hook import AtomicCheckpointHook
from .finite_loss import FiniteLossHook
from .layout import RunLayout
from .rng_state import RestoreRngHook
from .save_predictions import SavePredictionsHook
from .overlay_hook import PredictionOverlayHook
from .continual import ContinualRunner, merge_contributions
from .runner import ClsegRunner, CPUCompatibleDDP
from .staged_loop import StagedTrainLoop
from .state import RunState

__all__ = ['ContinualRunner', 'ClsegRunner', 'CPUCompatibleDDP', 'BF16OptimWrapper', 'RunState', 'merge_contributions',
           'AtomicCheckpointHook', 'FiniteLossHook', 'RestoreRngHook', 'StagedTrainLoop', 'RunLayout',
           'SavePredictionsHook', 'PredictionOverlayHook']
