# Fine-tuning baseline (lower bound), SynthVOC 10-10 disjoint: pixel labels and plain CE at every step.
_base_ = [
    '../_base_/models/wilson_deeplabv3_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/incremental_10-10-disjoint.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'finetune']
model = dict(type='FinetuneSegmentor')
# The step lengths of WILSON's 10-10 disjoint config, so the two compare at one budget.
scenario = dict(supervision='pixel', train_iters=[1000, 300])
