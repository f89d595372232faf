"""The incremental plugin's forgetting comes from the earlier steps the runner hands the hook (its run state),
never from files it re-reads (a kill between the runner's writes once left results.json one step behind)."""
from plugins.incremental.plugin import clseg_after_task


class Step:
    def __init__(self, index: int, new_classes: list):
        self.index, self.new_classes = index, new_classes

    def as_dict(self) -> dict:
        return dict(index=self.index, name=f'step{self.index}', new_classes=self.new_classes)


def test_forgetting_is_the_drop_since_the_earlier_steps_handed_to_the_hook():
    step0 = dict(task=Step(0, [0, 1]).as_dict(),
                 metrics=dict(old=None, new=50.0, all=70.0, per_class_iou={'background': 90.0, 'cat': 50.0}))
    metrics = dict(old=40.0, new=30.0, all=53.33, per_class_iou={'background': 90.0, 'cat': 40.0, 'dog': 30.0})
    out = clseg_after_task(Step(1, [2]), metrics, [step0])
    assert out == dict(forgetting=10.0, forgetting_per_class={'cat': 10.0})


def test_the_first_step_has_no_forgetting():
    metrics = dict(old=None, new=50.0, all=70.0, per_class_iou={'background': 90.0, 'cat': 50.0})
    assert clseg_after_task(Step(0, [0, 1]), metrics, []) == dict(forgetting=None, forgetting_per_class={})
