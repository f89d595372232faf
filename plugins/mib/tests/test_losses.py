"""MiB's losses and classifier initialisation on hand-computed tensors."""
import math

import pytest
import torch
from torch import nn

from platform_core.models.grow import init_from_background
from plugins.mib import losses as L


def _pixels(*columns):
    """(1, C, 1, P) logits from P per-pixel columns of C values."""
    return torch.tensor(columns, dtype=torch.float64).t()[None, :, None, :]


def test_unbiased_ce_scores_background_and_old_labels_by_the_old_channels_together():
    logits = _pixels([0, 0, 0], [0, 0, math.log(2)])  # C = 3, num_old = 2
    target = torch.tensor([[[0, 2]]])
    # pixel 0: -log(q0 + q1) = -log(2/3); pixel 1: -log(2/4)
    assert L.unbiased_ce(logits, target, 2).item() == pytest.approx((math.log(3 / 2) + math.log(2)) / 2)
    old_label = torch.tensor([[[1, 2]]])  # an old class in the labels is background at step t: the same loss
    assert L.unbiased_ce(logits, old_label, 2).item() == pytest.approx((math.log(3 / 2) + math.log(2)) / 2)


def test_unbiased_ce_counts_ignored_pixels_in_the_mean_as_zero():
    logits = _pixels([0, 0, 0], [0, 0, math.log(2)])
    assert L.unbiased_ce(logits, torch.tensor([[[255, 2]]]), 2).item() == pytest.approx(math.log(2) / 2)


def test_unbiased_kd_gives_the_new_classes_probability_to_the_old_background():
    logits = _pixels([0, 0, 0])          # q = 1/3 each; background + new = 2/3
    old = _pixels([0, 0])                # p = 1/2 each
    expected = -(0.5 * math.log(2 / 3) + 0.5 * math.log(1 / 3)) / 2
    assert L.unbiased_kd(logits, old).item() == pytest.approx(expected)
    # alpha sharpens the old distribution only: p = softmax(2 * [log 3, 0]) = [9/10, 1/10]
    old = _pixels([math.log(3), 0])
    expected = -(0.9 * math.log(2 / 3) + 0.1 * math.log(1 / 3)) / 2
    assert L.unbiased_kd(logits, old, alpha=2.0).item() == pytest.approx(expected)


def test_plain_ce_is_the_mean_over_every_pixel():
    logits = _pixels([0, 0], [0, 0])
    assert L.plain_ce(logits, torch.tensor([[[1, 255]]])).item() == pytest.approx(math.log(2) / 2)


def test_new_rows_start_from_the_background_row_and_share_its_probability():
    head = nn.Module()
    head.conv_seg = nn.Conv2d(2, 5, 1)  # 3 old rows (background + 2), 2 new
    with torch.no_grad():
        head.conv_seg.weight.copy_(torch.arange(10.).reshape(5, 2, 1, 1))
        head.conv_seg.bias.copy_(torch.tensor([1.0, 2.0, 3.0, 7.0, 8.0]))
    done = init_from_background(head, ['conv_seg.weight', 'conv_seg.bias'], num_old=3)
    assert done == ['conv_seg']
    w, b = head.conv_seg.weight.detach(), head.conv_seg.bias.detach()
    assert torch.equal(w[3], w[0]) and torch.equal(w[4], w[0]) and torch.equal(w[1], torch.tensor([[[2.]], [[3.]]]))
    shared = 1.0 - math.log(3)
    assert b.tolist() == pytest.approx([shared, 2.0, 3.0, shared, shared])
    # with equal logits otherwise, background + new classes keep the background's old probability mass
    x = torch.zeros(1, 2, 1, 1)
    p = torch.softmax(head.conv_seg(x).flatten(), 0)
    assert (p[0] + p[3] + p[4]).item() == pytest.approx(math.e / (math.e + math.e ** 2 + math.e ** 3))
