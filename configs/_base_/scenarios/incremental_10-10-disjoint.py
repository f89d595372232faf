# Class-incremental VOC/SynthVOC 10-10, disjoint mode: step 0 pixel labels, later steps image labels.
scenario = dict(type='ClassIncremental', setting='10-10', mode='disjoint', num_classes=21, supervision='image')
