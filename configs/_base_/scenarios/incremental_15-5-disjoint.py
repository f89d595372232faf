# Class-incremental VOC/SynthVOC 15-5, disjoint mode: step 0 pixel labels, later steps image labels.
scenario = dict(type='ClassIncremental', setting='15-5', mode='disjoint', num_classes=21, supervision='image')
