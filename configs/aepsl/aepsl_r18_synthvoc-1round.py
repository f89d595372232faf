# Ablation of aepsl_r18_synthvoc.py: one erasing round, i.e. plain CAM masks (no erasing), the same PSL task.
_base_ = ['./aepsl_r18_synthvoc.py']
scenario = dict(num_tasks=2)
aepsl = dict(rounds=1)
