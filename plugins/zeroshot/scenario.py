"""The generalized zero-shot scenario: one task, pixel labels for seen classes only, evaluation over
seen + unseen classes with the GZSL metric (PROTOCOLS.md, "Generalized zero-shot")."""
from typing import Any, Optional, Sequence, Union

from platform_core.data import pipeline_with
from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import IGNORE_INDEX, Task, num_classes_overrides
from platform_core.splits import SPNET_UNSEEN, VOC_CLASSES, zs3_unseen

__all__ = ['ZeroShot', 'resolve_unseen', 'PROTOCOLS', 'train_label_mapping']

# 'ignore_background': SPNet / CaGNet / SIGN (background ignored in training and test).
# 'background_seen': ZS3 (background is a seen class, embedded like the others).
PROTOCOLS = ('ignore_background', 'background_seen')
UNSEEN_IMAGES = ('drop', 'ignore')


def resolve_unseen(unseen: Union[str, Sequence], *, dataset: str, class_names: Optional[Sequence[str]]) -> tuple:
    """Unseen class indices from indices, class names, ``'spnet'`` or ``'zs3-<n>'`` (published lists)."""
    names = list(class_names) if class_names else (list(VOC_CLASSES) if dataset in ('voc', 'synthvoc') else None)
    if isinstance(unseen, str):
        if unseen == 'spnet':
            if dataset not in SPNET_UNSEEN and dataset != 'synthvoc':
                raise ScenarioError(f"ZeroShot: unseen='spnet' exists for {sorted(SPNET_UNSEEN)}, not {dataset!r}.")
            unseen = SPNET_UNSEEN['voc' if dataset == 'synthvoc' else dataset]
        elif unseen.startswith('zs3-') and unseen[4:].isdigit():
            unseen = zs3_unseen('voc' if dataset == 'synthvoc' else dataset, int(unseen[4:]))
        else:
            raise ScenarioError(f"ZeroShot: unseen={unseen!r}: give class indices, class names, 'spnet' or 'zs3-<n>'.")
    resolved = []
    for c in unseen:
        if isinstance(c, str):
            if names is None or c not in names:
                raise ScenarioError(f'ZeroShot: unseen class {c!r} is not a known class name; set `class_names` '
                                    f'of the scenario (known: {names}).')
            c = names.index(c)
        resolved.append(int(c))
    return tuple(sorted(set(resolved)))


def train_label_mapping(seen: Sequence[int]) -> dict:
    """RemapLabels arguments of the training pipeline: seen classes kept, every other pixel -> 255."""
    return dict(type='RemapLabels', mapping={int(c): int(c) for c in seen}, fill=IGNORE_INDEX)


@SCENARIOS.register_module()
class ZeroShot:
    """One task: learn from pixel labels of the seen classes, predict seen + unseen classes.

    Args:
        num_classes: label space, background included (21 for VOC / SynthVOC, 60 for Context-59 + bg).
        unseen: unseen class indices or names, ``'spnet'`` (VOC 16-20, Context cow/motorbike/sofa/cat) or
            ``'zs3-2'``..``'zs3-10'`` (ZS3's cumulative lists).
        dataset: ``'voc'``, ``'context'`` or ``'synthvoc'`` (SynthVOC keeps VOC's indices).
        protocol: ``'ignore_background'`` (SPNet/SIGN: background 255 in training and test) or
            ``'background_seen'`` (ZS3: background is a seen class).
        unseen_images: training images showing an unseen class are ``'drop'``-ped (ZS3's default) or kept with
            their unseen pixels ``'ignore'``-d, i.e. 255 (SPNet/SIGN's default). None = the protocol's default.
        transductive: the unlabelled (255) pixels of training images may be used (self-training); needs
            ``unseen_images='ignore'``.
        absent: GZSL metric policy for classes absent from ground truth and prediction (``'skip'`` / ``'zero'``).
        class_names: names of the label space (needed for name lists outside VOC).
    """
    num_tasks = 1

    def __init__(self, *, num_classes: int, unseen: Union[str, Sequence], dataset: str = 'voc',
                 protocol: str = 'ignore_background', unseen_images: Optional[str] = None,
                 transductive: bool = False, absent: str = 'skip', class_names: Optional[Sequence[str]] = None) -> None:
        if protocol not in PROTOCOLS:
            raise ScenarioError(f'ZeroShot: protocol={protocol!r} must be one of {PROTOCOLS}.')
        unseen_images = unseen_images or ('ignore' if protocol == 'ignore_background' else 'drop')
        if unseen_images not in UNSEEN_IMAGES:
            raise ScenarioError(f'ZeroShot: unseen_images={unseen_images!r} must be one of {UNSEEN_IMAGES}.')
        if transductive and unseen_images == 'drop':
            raise ScenarioError("ZeroShot: transductive=True uses the unlabelled pixels of images showing unseen "
                                "classes; set unseen_images='ignore'.")
        self.unseen = resolve_unseen(unseen, dataset=dataset, class_names=class_names)
        bad = [c for c in self.unseen if not 0 < c < num_classes]
        if bad:
            raise ScenarioError(f'ZeroShot: unseen classes {bad} are outside 1..{num_classes - 1}.')
        first = 1 if protocol == 'ignore_background' else 0
        self.seen = tuple(c for c in range(first, num_classes) if c not in self.unseen)
        if not self.seen or not self.unseen:
            raise ScenarioError(f'ZeroShot: unseen={list(self.unseen)} leaves {len(self.seen)} seen and '
                                f'{len(self.unseen)} unseen classes of 1..{num_classes - 1}; generalized zero-shot '
                                'learns from seen classes and predicts unseen ones, so both must be non-empty.')
        self.num_classes, self.protocol, self.unseen_images = num_classes, protocol, unseen_images
        self.transductive, self.absent = transductive, absent

    def task(self, index: int) -> Task:
        if index != 0:
            raise ScenarioError(f'ZeroShot has one task (index 0); task {index} was asked for.')
        classes = tuple(sorted(self.seen + self.unseen))
        extra = (('seen', self.seen), ('unseen', self.unseen), ('protocol', self.protocol),
                 ('unseen_images', self.unseen_images), ('transductive', self.transductive))
        return Task(index=0, name=f'gzsl {len(self.seen)}/{len(self.unseen)}', classes=classes,
                    new_classes=self.seen, supervision='pixel', extra=extra)

    def configure(self, cfg: Any, task: Task) -> dict:
        overrides = num_classes_overrides(cfg, self.num_classes)
        train = cfg.train_dataloader.dataset
        overrides['train_dataloader.dataset.pipeline'] = pipeline_with(train.pipeline, train_label_mapping(self.seen))
        if self.unseen_images == 'drop':
            overrides['train_dataloader.dataset.class_filter'] = dict(none_of=list(self.unseen))
        if self.protocol == 'ignore_background':
            test_map = dict(type='RemapLabels', mapping={c: c for c in task.classes}, fill=IGNORE_INDEX)
            overrides['test_dataloader.dataset.pipeline'] = pipeline_with(cfg.test_dataloader.dataset.pipeline, test_map)
        overrides['test_evaluator'] = dict(_delete_=True, type='GZSLMetric', seen_classes=list(self.seen),
                                           unseen_classes=list(self.unseen), num_classes=self.num_classes,
                                           absent=self.absent)
        return overrides
