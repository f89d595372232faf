# COCO-to-VOC (WILSON): step 0 learns background and COCO's 60 non-VOC classes from COCO pixel labels; step 1
# learns the 20 VOC classes from Pascal VOC images with image labels only, read in COCO's ids
# (label_map='voc_to_coco'). Every step is evaluated on the COCO val set over the classes seen so far.
scenario = dict(
    type='ClassIncremental', setting='coco-to-voc', mode='overlap', num_classes=81, supervision='image',
    train_datasets=[
        None,
        dict(type='PascalVOCAugDataset', data_root='data/VOCdevkit/VOC2012',
             data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
             ann_file='ImageSets/Segmentation/trainaug.txt', image_labels='image_labels.json',
             label_map='voc_to_coco'),
    ])
