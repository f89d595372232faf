# Fine-tuning baseline (lower bound), SynthVOC 10-1 overlap: pixel labels and plain CE at every step (single-class
# steps of 100 iterations, as the MiB / PLOP configs of this setting).
_base_ = [
    '../_base_/models/wilson_deeplabv3_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/incremental_10-1-overlap.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'finetune']
model = dict(type='FinetuneSegmentor')
scenario = dict(supervision='pixel', train_iters=[1000] + [100] * 10)
