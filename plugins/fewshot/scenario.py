"""The few-shot scenario: one task of episodic training over base classes, then an episodic test over
the fold's novel classes (PROTOCOLS.md, "Few-shot"; DESIGN.md)."""
from typing import Any, Optional

from platform_core.errors import ScenarioError
from platform_core.registry import SCENARIOS
from platform_core.scenario import Task
from platform_core.splits import coco_20i_fold, pascal_5i_fold

from .episodes import ANNOTATIONS

__all__ = ['FewShot', 'fold_classes', 'BENCHMARKS']

# benchmark -> (number of labels incl. background, fold function)
BENCHMARKS = {'pascal-5i': 21, 'coco-20i': 81}
TRAIN_IMAGES = ('relabel', 'drop')


def fold_classes(benchmark: str, fold: int,
                 coco_scheme: str = 'consecutive') -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(base classes, novel classes) of a fold. COCO-20i: 'consecutive' (PANet) or 'interleaved' (PFENet)."""
    if benchmark not in BENCHMARKS:
        raise ScenarioError(f'FewShot: benchmark {benchmark!r} is not one of {sorted(BENCHMARKS)}.')
    novel = pascal_5i_fold(fold) if benchmark == 'pascal-5i' else coco_20i_fold(fold, coco_scheme)
    base = tuple(c for c in range(1, BENCHMARKS[benchmark]) if c not in novel)
    return base, novel


@SCENARIOS.register_module()
class FewShot:
    """PASCAL-5i / COCO-20i few-shot segmentation as one task with ``supervision='episodes'``.

    Args:
        benchmark: ``'pascal-5i'`` (also SynthVOC: same indices) or ``'coco-20i'``.
        fold: 0..3.
        coco_scheme: COCO-20i fold convention, ``'consecutive'`` (PANet) or ``'interleaved'`` (PFENet/HSNet).
        ways, shots, queries: N-way K-shot episodes with ``queries`` query images (training and test).
        train_images: ``'relabel'`` (PANet: novel pixels of training images become background) or
            ``'drop'`` (BAM: training images that show a novel class are removed).
        annotation: support annotation, ``'mask'``, ``'box'`` or ``'scribble'`` (derived from the masks).
        test_runs, test_episodes, test_seed: R runs x E episodes, run r seeded test_seed + r (PANet 5 x 1000, 1234).
        test_split: name of the split list test episodes are drawn from
            (``ImageSets/Segmentation/<test_split>.txt``); None keeps the dataset config's ``ann_file``.
    """
    num_tasks = 1

    def __init__(self, *, benchmark: str = 'pascal-5i', fold: int = 0, coco_scheme: str = 'consecutive',
                 ways: int = 1, shots: int = 1, queries: int = 1, train_images: str = 'relabel',
                 annotation: str = 'mask', test_runs: int = 5, test_episodes: int = 1000, test_seed: int = 1234,
                 test_split: Optional[str] = None) -> None:
        self.base, self.novel = fold_classes(benchmark, fold, coco_scheme)
        if train_images not in TRAIN_IMAGES:
            raise ScenarioError(f'FewShot: train_images {train_images!r} is not one of {TRAIN_IMAGES} '
                                "('relabel' = PANet, 'drop' = BAM).")
        if annotation not in ANNOTATIONS:
            raise ScenarioError(f'FewShot: annotation {annotation!r} is not one of {ANNOTATIONS}.')
        if ways > len(self.novel):
            raise ScenarioError(f'FewShot: {ways} ways but fold {fold} has only {len(self.novel)} novel classes.')
        self.benchmark, self.fold, self.coco_scheme = benchmark, fold, coco_scheme
        self.ways, self.shots, self.queries = ways, shots, queries
        self.train_images, self.annotation = train_images, annotation
        self.test_runs, self.test_episodes, self.test_seed = test_runs, test_episodes, test_seed
        self.test_split = test_split

    def task(self, index: int) -> Task:
        if index != 0:
            raise ScenarioError(f'FewShot has one task (index 0); task {index} was asked for.')
        name = f'{self.benchmark} fold {self.fold} {self.ways}-way {self.shots}-shot'
        return Task(index=0, name=name, classes=(0, *self.novel), new_classes=self.novel, old_classes=self.base,
                    supervision='episodes', extra=(('fold', self.fold), ('base', self.base), ('novel', self.novel),
                                                   ('shots', self.shots), ('ways', self.ways)))

    def configure(self, cfg: Any, task: Task) -> dict:
        episode = dict(ways=self.ways, shots=self.shots, queries=self.queries, annotation=self.annotation)
        train = {f'train_dataloader.dataset.{k}': v for k, v in episode.items()}
        train['train_dataloader.dataset.classes'] = list(self.base)
        if self.train_images == 'drop':
            train['train_dataloader.dataset.dataset.class_filter'] = dict(none_of=list(self.novel))
        test = {f'test_dataloader.dataset.{k}': v for k, v in episode.items()}
        test.update({'test_dataloader.dataset.classes': list(self.novel), 'test_evaluator.classes': list(self.novel),
                     'test_dataloader.dataset.runs': self.test_runs,
                     'test_dataloader.dataset.episodes': self.test_episodes,
                     'test_dataloader.dataset.seed': self.test_seed})
        if self.test_split is not None:
            test['test_dataloader.dataset.dataset.ann_file'] = f'ImageSets/Segmentation/{self.test_split}.txt'
        check = [*(cfg.get('custom_hooks') or []), dict(type='CheckTestEpisodesHook'), dict(type='EpisodeProgressHook')]
        return {**train, **test, 'custom_hooks': check}
