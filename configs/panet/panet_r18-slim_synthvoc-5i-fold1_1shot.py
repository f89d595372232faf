# PANet, slim ResNetV1c-18 (CPU-sized), SynthVOC PASCAL-5i fold 1, 1-way 1-shot; test 2 runs x 200 episodes.
_base_ = [
    '../_base_/models/panet_r18-slim_cpu.py', '../_base_/datasets/synthvoc_episodes.py',
    '../_base_/schedules/panet_adamw_cpu.py', '../_base_/scenarios/fewshot_pascal5i.py', '../_base_/default_runtime.py'
]
scenario = dict(fold=1, shots=1, test_runs=2, test_episodes=200)
plugins = ['fewshot', 'panet']
