# WILSON, CPU-sized, SynthVOC 15-5 overlap: step 0 pixel labels (BCE), step 1 image labels only.
_base_ = [
    '../_base_/models/wilson_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/incremental_15-5-overlap.py',
    '../_base_/default_runtime.py'
]
plugins = ['incremental', 'wilson']
scenario = dict(train_iters=[1000, 250])
