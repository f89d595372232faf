# PANet, slim ResNetV1c-18 (CPU-sized), SynthVOC PASCAL-5i fold 3, 1-way 5-shot; test 2 runs x 200 episodes.
_base_ = [
    '../_base_/models/panet_r18-slim_cpu.py', '../_base_/datasets/synthvoc_episodes.py',
    '../_base_/schedules/panet_adamw_cpu.py', '../_base_/scenarios/fewshot_pascal5i.py', '../_base_/default_runtime.py'
]
scenario = dict(fold=3, shots=5, test_runs=2, test_episodes=200)
plugins = ['fewshot', 'panet']
