# Generalized zero-shot on SynthVOC, SPNet/SIGN protocol: classes 16-20 unseen (VOC's 15/5 indices),
# background ignored in training and test, unseen pixels of training images -> 255.
scenario = dict(type='ZeroShot', num_classes=21, unseen=[16, 17, 18, 19, 20], dataset='synthvoc',
                protocol='ignore_background', unseen_images='ignore', transductive=False, absent='skip')
