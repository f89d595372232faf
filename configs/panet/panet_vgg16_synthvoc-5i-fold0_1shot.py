# PANet with PANet's VGG16 encoder (from scratch: no weights here), SynthVOC PASCAL-5i fold 0, 1-way 1-shot.
# Too slow for the CPU demo (use panet_r18-slim_synthvoc-5i-fold0_1shot.py there); test 5 runs x 1000 episodes.
_base_ = [
    '../_base_/models/panet_vgg16.py', '../_base_/datasets/synthvoc_episodes.py',
    '../_base_/schedules/panet_adamw_cpu.py', '../_base_/scenarios/fewshot_pascal5i.py', '../_base_/default_runtime.py'
]
scenario = dict(fold=0, shots=1)
plugins = ['fewshot', 'panet']
