"""The weakly supervised scenario: every task trains on image-level labels (+ saliency maps), never on
masks; the evaluation uses pixel labels. A method that works in stages (AE-PSL's erasing rounds, then
its segmentation training) asks for ``num_tasks`` stages, so a killed run resumes at the stage it was in."""
from typing import Any

from platform_core.data import DropPixelLabels, pipeline_with  # noqa: F401  (registers the transform)
from platform_core.data import saliency  # noqa: F401  (registers SpectralResidual)
from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import Task, num_classes_overrides

__all__ = ['Weak']

EVALUATE_MODES = ('last', 'all')


@SCENARIOS.register_module()
class Weak:
    """Weak supervision over all ``num_classes`` classes (background included), in ``num_tasks`` stages.

    Args:
        num_classes: size of the label space, background included (21 for VOC and SynthVOC).
        num_tasks: training stages of the method (AE-PSL: erasing rounds + 1).
        evaluate: ``'last'`` evaluates only the last stage on pixel labels; ``'all'`` every stage.
        image_labels: where the training images' labels come from: a JSON file ``{id: [classes]}``
            relative to the data root, or ``'masks'`` to derive them from the masks (read once, cached).
        saliency: ``folder`` (relative to the data root; used when it exists) and ``estimator`` (a
            ``SALIENCY_ESTIMATORS`` config computed once and cached otherwise). Passed to the method in
            ``task.get('saliency')``.
    """

    def __init__(self, *, num_classes: int, num_tasks: int = 1, evaluate: str = 'last',
                 image_labels: str = 'image_labels.json', saliency: dict | None = None) -> None:
        if num_classes < 2:
            raise ScenarioError(f'Weak: num_classes must be at least 2 (background + one class), got {num_classes}.')
        if num_tasks < 1:
            raise ScenarioError(f'Weak: num_tasks must be at least 1, got {num_tasks}.')
        if evaluate not in EVALUATE_MODES:
            raise ScenarioError(f'Weak: evaluate must be one of {EVALUATE_MODES}, got {evaluate!r}.')
        self.num_classes, self.num_tasks, self.evaluate = num_classes, num_tasks, evaluate
        self.image_labels = image_labels
        unknown = set(saliency or {}) - {'folder', 'estimator'}
        if unknown:
            raise ScenarioError(f"Weak: unknown `saliency` keys {sorted(unknown)}; use 'folder' and 'estimator'.")
        self.saliency = {'folder': 'Saliency', 'estimator': {'type': 'SpectralResidual'}, **(saliency or {})}

    def task(self, index: int) -> Task:
        if not 0 <= index < self.num_tasks:
            raise ScenarioError(f'Weak has {self.num_tasks} tasks; task {index} was asked for.')
        classes = tuple(range(self.num_classes))
        return Task(index=index, name=f'weak stage {index}', classes=classes, new_classes=classes,
                    supervision='image', evaluate=self.evaluate == 'all' or index == self.num_tasks - 1,
                    extra=(('saliency', self.saliency), ('num_stages', self.num_tasks)))

    def configure(self, cfg: Any, task: Task) -> dict:
        """Image labels on the training set, pixel labels dropped from its pipeline."""
        dataset = cfg.train_dataloader.dataset
        overrides = num_classes_overrides(cfg, self.num_classes)
        overrides['train_dataloader.dataset.image_labels'] = self.image_labels
        overrides['train_dataloader.dataset.pipeline'] = pipeline_with(dataset.pipeline,
                                                                       dict(type='DropPixelLabels'))
        return overrides
