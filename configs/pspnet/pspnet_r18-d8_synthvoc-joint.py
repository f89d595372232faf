# PSPNet, CPU-sized, on SynthVOC, joint (fully supervised): the supervised upper bound of `make demo` and
# the ledger. 1,500 iterations of batch 16 from scratch (2,400 reached 61.6
# mIoU in 7.0 min on 2 cores: BENCHMARKS.md, "CPU regime").
_base_ = [
    '../_base_/models/pspnet_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
