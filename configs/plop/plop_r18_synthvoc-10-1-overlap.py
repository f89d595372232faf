# PLOP (Douillard et al., CVPR 2021), CPU-sized, SynthVOC 10-1 overlap: pixel labels of the step's classes at every step
# (a single-class step: 100 iterations, about the epochs of a 5-class step's 250); steps > 0 at step 0's lr, as
# fine-tuning's (the paper's tenth, 4e-4, left the new classes tied to the background they are initialised from:
# new-class mIoU 0.0 in every run, plugins/mib/README.md).
_base_ = [
    '../_base_/models/wilson_deeplabv3_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/incremental_10-1-overlap.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'plop']
model = dict(type='PLOPSegmentor')
scenario = dict(supervision='pixel', train_iters=[1000] + [100] * 10)
plop = dict(lr=4e-3)
