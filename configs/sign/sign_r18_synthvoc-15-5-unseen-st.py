# SIGN + annealed self-training (transductive: unlabelled pixels of training images are pseudo-labelled).
_base_ = ['./sign_r18_synthvoc-15-5-unseen.py']
scenario = dict(transductive=True)
model = dict(self_training=dict(_delete_=True, temperature=5.0))
train_cfg = dict(stages=[
    dict(name='encoder', iters=600), dict(name='generator', iters=300), dict(name='transfer', iters=150),
    dict(name='self_training', iters=100, lr_mult=0.1)])
