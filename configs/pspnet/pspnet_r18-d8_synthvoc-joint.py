# PSPNet, CPU-sized, on SynthVOC, joint (fully supervised): the supervised upper bound of `make demo` and
# the ledger. 1,500 iterations of batch 16 from the attribute-pretrained backbone (1,000 reached 66.3 mIoU, 35.0
# from scratch: BENCHMARKS.md, "cpu-regime").
_base_ = [
    '../_base_/models/pspnet_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/adamw_cosine_cpu.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
