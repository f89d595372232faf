# Class-incremental VOC/SynthVOC 10-1, overlap mode: 10 classes, then 11..20 one per step (11 steps); later steps
# with pixel labels (single-class steps cannot be learned from image labels).
scenario = dict(type='ClassIncremental', setting='10-1', mode='overlap', num_classes=21, supervision='pixel')
