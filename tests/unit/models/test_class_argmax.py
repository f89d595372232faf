import torch

from platform_core.models.class_argmax import class_argmax


def test_class_argmax_equals_torch_argmax_on_random_scores_and_ties():
    """The first maximum wins a tie, as torch.argmax: [[1, 3, 3], [2, 2, 0]] over dim 1 -> [1, 0]."""
    torch.manual_seed(0)
    scores = torch.randn(3, 5, 4, 6)
    assert torch.equal(class_argmax(scores), scores.argmax(dim=1))
    assert torch.equal(class_argmax(scores, dim=2, keepdim=True), scores.argmax(dim=2, keepdim=True))
    assert class_argmax(torch.tensor([[1., 3., 3.], [2., 2., 0.]])).tolist() == [1, 0]
    assert class_argmax(torch.zeros(2, 3, 4, 4)).eq(0).all()
