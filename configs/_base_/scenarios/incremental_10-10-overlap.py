# Class-incremental VOC/SynthVOC 10-10, overlap mode: step 0 pixel labels, later steps image labels.
scenario = dict(type='ClassIncremental', setting='10-10', mode='overlap', num_classes=21, supervision='image')
