"""PANet's prototypes, cosine logits and PAR loss on hand-computed tensors."""
import math

import pytest
import torch

from plugins.panet.losses import cosine_logits, episode_prototypes, prototype_alignment_loss, support_labels


def test_fg_prototype_per_way_is_mean_over_shots_and_one_bg_prototype_is_shared():
    fg = torch.tensor([[[[1.], [3.]], [[5.], [7.]]]])  # (B=1, N=2, K=2, C=1)
    bg = torch.tensor([[[[0.], [2.]], [[4.], [6.]]]])
    assert episode_prototypes(fg, bg).tolist() == [[[3.], [2.], [6.]]]  # [bg, fg_1, fg_2]


def test_cosine_logits_are_20_times_cosine():
    features = torch.tensor([[1., 0.], [0., 2.]]).T.reshape(1, 2, 1, 2)  # pixels (1,0) and (0,2)
    prototypes = torch.tensor([[[1., 1.], [0., -3.]]])  # (1, P=2, C=2)
    out = cosine_logits(features, prototypes)
    assert out.shape == (1, 2, 1, 2)
    assert out.flatten().tolist() == pytest.approx([20 / math.sqrt(2), 20 / math.sqrt(2), 0.0, -20.0])


def test_support_labels_fg_1_bg_0_rest_ignored():
    fg = torch.tensor([[1., 0., 0.]])
    bg = torch.tensor([[0., 1., 0.]])
    assert support_labels(fg, bg).tolist() == [[1, 0, 255]]


def _par_case(ways: int):
    """Query pixels (1,0) predicted bg and (0,1) predicted fg of way 1; supports labelled the other way round."""
    query_f = torch.tensor([[1., 0.], [0., 1.]]).T.reshape(1, 1, 2, 1, 2)  # (B, Q, C, h, w)
    scores = torch.zeros(1, 1, 1 + ways, 1, 2)
    scores[0, 0, 0, 0, 0] = scores[0, 0, 1, 0, 1] = 5.0  # argmax: pixel 0 -> bg, pixel 1 -> way 1
    support_f = query_f[:, None].expand(1, ways, 1, 2, 1, 2).clone()  # (B, N, K, C, h, w)
    fg = torch.tensor([1., 0.]).reshape(1, 1, 1, 1, 2).expand(1, ways, 1, 1, 2)  # fg where query says bg
    bg = torch.tensor([0., 1.]).reshape(1, 1, 1, 1, 2).expand(1, ways, 1, 1, 2)
    return query_f, scores, support_f, fg, bg


def test_par_loss_segments_supports_with_query_prototypes():
    # query prototypes: bg = (1,0), fg = (0,1). Support pixel 0 (1,0) has label fg: logits [20, 0] ->
    # CE = log(1 + e^20); pixel 1 likewise. Mean over pixels, / (shots x ways) = 1.
    loss = prototype_alignment_loss(*_par_case(ways=1))
    assert loss.item() == pytest.approx(math.log1p(math.exp(20)), rel=1e-5)


def test_par_skips_a_way_whose_predicted_query_mask_is_empty_but_still_divides_by_all_ways():
    loss = prototype_alignment_loss(*_par_case(ways=2))  # nothing is predicted as way 2
    assert loss.item() == pytest.approx(math.log1p(math.exp(20)) / 2, rel=1e-5)
