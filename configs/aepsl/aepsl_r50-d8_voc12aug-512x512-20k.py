# AE-PSL on Pascal VOC 2012 + SBD (trainaug) from image-level labels (derived from the masks once, cached) +
# saliency (data_root/Saliency/<id>.png when present, e.g. DSS maps; else spectral residual). 3 erasing rounds
# of 8k iterations, then PSL for 20k; evaluated on VOC12 val pixel labels.
_base_ = [
    '../_base_/models/aepsl_r50-d8.py', '../_base_/datasets/voc12aug.py', '../_base_/schedules/schedule_20k.py',
    '../_base_/scenarios/weak.py', '../_base_/default_runtime.py'
]
plugins = ['weak', 'aepsl']
scenario = dict(image_labels='masks')
