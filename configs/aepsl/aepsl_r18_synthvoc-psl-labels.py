# AE-PSL with the online prohibitive mask weighted by the image labels instead of the classification branch's
# scores (v_c = 1 for every labelled class): S^ = argmax over background and the image's classes of softmax(f).
# Still weak supervision (the labels are the image labels every round trains on); reported beside AE-PSL.
_base_ = ['./aepsl_r18_synthvoc.py']
model = dict(psl_weights='labels')
