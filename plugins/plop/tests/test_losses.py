"""PLOP's Local POD, uncertainty, pseudo-labels and thresholds on hand-computed tensors."""
import math

import pytest
import torch

from plugins.plop import losses as L
from plugins.plop.thresholds import entropy_histograms, median_thresholds


def test_local_pod_embedding_pools_width_and_height_per_region():
    x = torch.arange(16.).reshape(1, 1, 4, 4)
    emb = L.local_pod_embedding(x, scales=(1, 2, 4))
    assert emb.shape == (1, 8 + 4 * 4 + 16 * 2)
    assert emb[0, :4].tolist() == [1.5, 5.5, 9.5, 13.5]       # scale 1: mean over width, per row
    assert emb[0, 4:8].tolist() == [6.0, 7.0, 8.0, 9.0]       # then over height, per column
    assert emb[0, 8:12].tolist() == [0.5, 4.5, 2.0, 3.0]      # scale 2, top-left region [[0, 1], [4, 5]]
    assert emb[0, -2:].tolist() == [15.0, 15.0]               # scale 4, last 1x1 region


def test_pod_distance_squares_the_maps_and_takes_the_plain_l2_norm_per_image():
    old, new = torch.zeros(2, 1, 2, 2), torch.ones(2, 1, 2, 2)
    new[1] = 2.0
    # image 0: embedding of ones is 4 ones -> norm 2; image 1: of fours -> norm 8; mean over the batch
    assert L.pod_distance(old, new, scales=(1,)).item() == pytest.approx(5.0)


def test_new_logits_are_summed_into_the_background():
    logits = torch.tensor([1., 2., 3., 4.]).reshape(1, 4, 1, 1)
    assert L.merge_new_into_background(logits, num_old=2).flatten().tolist() == [8.0, 2.0]


def test_local_pod_loss_weights_features_and_logits_and_adapts_to_the_new_share():
    zero, one = torch.zeros(1, 1, 2, 2), torch.ones(1, 1, 2, 2)       # each pair at distance 2 (scale 1)
    loss = L.local_pod_loss([zero, zero], [one, one], num_seen=4, num_new=1, feature_weight=0.01,
                            logits_weight=0.0005, scales=(1,))
    assert loss.item() == pytest.approx((0.01 * 2 * 2 + 0.0005 * 2 * 2) / 2)  # sqrt(4 / 1) = 2


def test_uncertainty_is_the_mean_entropy_over_log_old_and_log_seen_classes():
    uniform = torch.zeros(1, 2, 1, 1)
    # -(mean_c 0.5 log 0.5) / log 2 = 0.5, then / log 4
    assert L.normalized_entropy(uniform, num_seen=4).item() == pytest.approx(0.5 / math.log(4), rel=1e-5)


def test_background_pixels_take_confident_old_predictions_and_the_rest_is_ignored():
    old = torch.tensor([[-10., 0., 0., 0.], [10., 0., 0., 0.]]).reshape(1, 2, 1, 4)  # pixel 0 certain of class 1
    old[0, :, 0, 2] = torch.tensor([0., 10.])
    target = torch.tensor([[[0, 0, 3, 255]]])       # pixel 1 uncertain (equal logits); pixel 2 labelled new class 3
    labels, nu = L.pseudo_labels(target, old, thresholds=torch.tensor([0.01, 0.01]), num_seen=4)
    assert labels.flatten().tolist() == [1, 255, 3, 255]
    assert nu.tolist() == pytest.approx([1 / 2])


def test_weighted_ce_scales_each_image_and_averages_over_all_pixels():
    logits = torch.zeros(2, 2, 1, 2)
    labels = torch.tensor([[[0, 255]], [[1, 1]]])
    ce = math.log(2)
    assert L.weighted_ce(logits, labels, torch.tensor([0.5, 1.0])).item() == pytest.approx((0.5 * ce + 2 * ce) / 4)


def test_histograms_bin_uncertainty_per_old_class():
    hist = entropy_histograms(torch.tensor([0.005, 0.015, 1.0]), torch.tensor([0, 0, 1]), num_classes=2)
    assert hist.shape == (2, 100) and hist[0, 0] == 1 and hist[0, 1] == 1 and hist[1, 99] == 1 and hist.sum() == 3


def test_thresholds_use_the_codes_median_its_floor_and_optionally_the_true_median():
    hist = torch.zeros(3, 100, dtype=torch.long)
    hist[0, 0] = 4                       # median in the first bin: 2 / 4 of the way through it
    hist[1, 2] = 4                       # the code's running sum adds bin indices (0, 1): 0.02 + (2 - 1) / 4 / 100
    code = median_thresholds(hist, floor=0.001)
    assert code.tolist() == pytest.approx([0.005, 0.0225, 0.001])  # class 2 never predicted: the floor
    assert median_thresholds(hist, exact=True).tolist() == pytest.approx([0.005, 0.025, 0.001])
    assert median_thresholds(hist, floor=0.01).tolist() == pytest.approx([0.01, 0.0225, 0.01])
