# Ablation of aepsl_r18_synthvoc.py: the same erasing rounds and masks, the segmentation network trained on
# the AE masks alone (no online prohibitive mask, no classification branch, no test-time prohibition).
_base_ = ['./aepsl_r18_synthvoc.py']
model = dict(cls_weight=0.0, psl_weight=0.0, test_prohibit_threshold=None)
