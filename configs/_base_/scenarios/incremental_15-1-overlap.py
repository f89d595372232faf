# Class-incremental VOC/SynthVOC 15-1, overlap mode: 15 classes, then 16..20 one per step (6 steps); later steps
# with pixel labels (single-class steps cannot be learned from image labels).
scenario = dict(type='ClassIncremental', setting='15-1', mode='overlap', num_classes=21, supervision='pixel')
