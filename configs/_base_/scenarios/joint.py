# One task over all 21 classes with pixel labels.
scenario = dict(type='Joint', num_classes=21)
