# Class-incremental VOC/SynthVOC 15-5, overlap mode: step 0 pixel labels, later steps image labels.
scenario = dict(type='ClassIncremental', setting='15-5', mode='overlap', num_classes=21, supervision='image')
