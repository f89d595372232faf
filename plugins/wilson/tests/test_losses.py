"""WILSON's losses on hand-computed tensors (PROTOCOLS.md, "Class-incremental")."""
import math

import pytest
import torch
from mmseg.structures import SegDataSample

from platform_core.models.pamr import PAMR
from plugins.wilson import losses as L
from plugins.wilson.models import image_label_matrix

LN2 = math.log(2)


def t(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32)


def test_base_step_bce_sums_classes_and_averages_labelled_pixels():
    logits = torch.zeros(1, 2, 1, 2)
    assert L.bce_with_ignore(logits, torch.tensor([[[0, 255]]])).item() == pytest.approx(2 * LN2)
    logits = t([[[[5.0]], [[-5.0]]]])  # channel 0 sure, target 0: only softplus(-5) twice
    assert L.bce_with_ignore(logits, torch.tensor([[[0]]])).item() == pytest.approx(2 * math.log1p(math.exp(-5)), rel=1e-5)


def test_ngwp_with_eps_1_plus_focal_penalty():
    # pixel 0: z = (ln 3, 0) -> m = (3/4, 1/4); pixel 1: z = (0, 0) -> m = (1/2, 1/2)
    z = t([[[[math.log(3), 0.0]], [[0.0, 0.0]]]])
    scores = L.ngwp_focal_scores(z)
    expected0 = (0.75 * math.log(3)) / (1 + 1.25) + 0.375 ** 3 * math.log(0.01 + 0.625)
    expected1 = 0.0 / (1 + 0.75) + 0.625 ** 3 * math.log(0.01 + 0.375)
    assert scores.tolist()[0] == pytest.approx([expected0, expected1], rel=1e-5)


def test_cls_loss_scores_new_classes_only():
    z = t([[[[math.log(3), 0.0]], [[0.0, 0.0]], [[0.0, 0.0]]]])
    scores = L.ngwp_focal_scores(z)[0]
    labels = t([[0, 0, 1]])  # num_old = 2: only channel 2 counts, positive
    expected = math.log1p(math.exp(-scores[2].item()))
    assert L.cls_loss(z, labels, num_old=2).item() == pytest.approx(expected, rel=1e-5)


def test_loc_loss_fits_background_and_old_channels_to_the_old_models_sigmoid():
    z = torch.zeros(1, 3, 2, 2)
    teacher = torch.zeros(1, 2, 2, 2)  # sigmoid 0.5 -> BCE(0, 0.5) = ln 2 on channels 0 and 1 only
    assert L.loc_loss(z, teacher).item() == pytest.approx(LN2)
    z[:, 2] = 100.0  # the new channel is not part of L_LOC
    assert L.loc_loss(z, teacher).item() == pytest.approx(LN2)


def test_enc_loss_is_mse():
    assert L.enc_loss(t([1.0, 3.0]), t([0.0, 0.0])).item() == pytest.approx(5.0)


def test_soft_pseudo_label_masks_classes_absent_from_the_image_labels():
    m = t([0.2, 0.5, 0.3]).view(1, 3, 1, 1)  # bg, old class, new class
    q = L.soft_pseudo_labels(m, t([[0, 0, 1]]), alpha=0.5)
    assert q.flatten().tolist() == pytest.approx([0.1, 0.0, 0.65])  # 0.5 * onehot(new) + 0.5 * (0.2, 0, 0.3)


def test_seg_target_min_for_background_teacher_for_old_q_for_new():
    q = t([0.6, 0.3, 0.1]).view(1, 3, 1, 1)
    teacher = t([0.8, 0.7]).view(1, 2, 1, 1)
    assert L.seg_target(q, teacher).flatten().tolist() == pytest.approx([0.6, 0.7, 0.1])
    teacher = t([0.2, 0.7]).view(1, 2, 1, 1)
    assert L.seg_target(q, teacher).flatten().tolist() == pytest.approx([0.2, 0.7, 0.1])


def test_seg_loss_counts_only_images_whose_pseudo_labels_agree_with_the_image_labels():
    logits = torch.zeros(2, 3, 1, 2)
    logits[1] = 50.0                                     # a huge loss on image 1, which must not count
    target = torch.full((2, 3, 1, 2), 0.5)
    q = torch.zeros(2, 3, 1, 2)
    q[:, 2] = 0.5                                        # both images show the new class in q
    labels = t([[0, 0, 1], [0, 0, 0]])                   # ... but image 1's label says it is absent
    loss = L.seg_loss(logits, target, q, labels, num_old=2)
    assert loss.item() == pytest.approx(3 * LN2, rel=1e-4)  # image 0: BCE(0, .5) = ln 2, summed over 3 classes


def test_pseudo_gt_mask_thresholds_and_drops_ambiguous_pixels():
    mask = t([[0.9, 0.5, 0.1], [0.1, 0.5, 0.9]]).view(1, 2, 1, 3)
    # bg threshold max(0.7 * 0.9, 0.2) = 0.63, fg max(0.6 * 0.9, 0.2) = 0.54
    assert L.pseudo_gt_mask(mask).view(2, 3).tolist() == [[1, 0, 0], [0, 0, 1]]
    mask = t([[0.9, 0.8], [0.9, 0.9]]).view(1, 2, 1, 2)
    assert L.pseudo_gt_mask(mask).sum().item() == 0  # every pixel claimed by both classes


def test_balanced_mask_ce_weights_classes_and_skips_images_missing_a_labelled_class():
    z = torch.zeros(1, 2, 1, 2)
    pseudo = t([[1, 0], [0, 1]]).view(1, 2, 1, 2)
    # CE = ln 2 per pixel, class weight (2 - 1) / (1 + 2) = 1/3 per pixel -> ln 2 / 3
    assert L.balanced_mask_ce(z, pseudo, t([[0, 1]])).item() == pytest.approx(LN2 / 3)
    assert L.balanced_mask_ce(z, pseudo, t([[0, 0]])).item() == 0  # 2 classes in pseudo, 1 expected


def test_pamr_keeps_constant_masks_and_respects_image_edges():
    pamr = PAMR(num_iter=10, dilations=(1, 2))
    image = torch.zeros(1, 3, 6, 6)
    mask = torch.full((1, 2, 6, 6), 0.5)
    assert torch.allclose(pamr(image, mask), mask)
    image[..., 3:] = 1.0                                 # left half black, right half white
    mask = torch.zeros(1, 2, 6, 6)
    mask[:, 0, :, :3], mask[:, 1, :, 3:] = 1.0, 1.0
    refined = pamr(image, mask)
    assert torch.allclose(refined.sum(1), torch.ones(1, 6, 6), atol=1e-5)
    assert refined[0, 0, :, :3].min() > 0.9 and refined[0, 1, :, 3:].min() > 0.9


def test_image_label_matrix_keeps_new_classes_only():
    samples = [SegDataSample(metainfo=dict(image_labels=[1, 3])), SegDataSample(metainfo=dict(image_labels=[]))]
    labels = image_label_matrix(samples, num_classes=4, num_old=3, device=torch.device('cpu'))
    assert labels.tolist() == [[0, 0, 0, 1], [0, 0, 0, 0]]
