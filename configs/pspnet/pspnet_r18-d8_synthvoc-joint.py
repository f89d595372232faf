# PSPNet, CPU-sized, on SynthVOC, joint (fully supervised). Used by `make demo`.
_base_ = [
    '../_base_/models/pspnet_r18-d8_cpu.py', '../_base_/datasets/synthvoc.py',
    '../_base_/schedules/sgd_poly_cpu.py', '../_base_/scenarios/joint.py', '../_base_/default_runtime.py'
]
plugins = ['joint', 'pspnet']
