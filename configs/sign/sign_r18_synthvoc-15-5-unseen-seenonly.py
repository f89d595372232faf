# Seen-only floor: SIGN's encoder stage alone (no generator, no transfer), so unseen classes are never predicted.
_base_ = ['./sign_r18_synthvoc-15-5-unseen.py']
train_cfg = dict(stages=[dict(name='encoder', iters=600)])
