# SIGN without SIM: no positional encoding, no latent module; the generator's noise is N(0, I).
_base_ = ['./sign_r18_synthvoc-15-5-unseen.py']
model = dict(use_sim=False)
