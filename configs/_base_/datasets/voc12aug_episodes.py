# PASCAL-5i episodes on VOC 2012 + SBD (tools/dataset_converters/voc_aug.py): train episodes from trainaug
# (SegmentationClassAug), test episodes from the scenario's test_split; 417x417 resize, no crop (PANet).
data_root = 'data/VOCdevkit/VOC2012'
episode_size = (417, 417)
episode_train_pipeline = [
    dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
    dict(type='Resize', scale=episode_size, keep_ratio=False), dict(type='RandomFlip', prob=0.5)]
episode_test_pipeline = [
    dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
    dict(type='Resize', scale=episode_size, keep_ratio=False)]
train_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='EpisodicDataset', classes=[], episodes=100000, seed=0,
                 dataset=dict(type='PascalVOCAugDataset', data_root=data_root,
                              data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
                              ann_file='ImageSets/Segmentation/trainaug.txt', image_labels='image_labels.json',
                              pipeline=episode_train_pipeline)))
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='EpisodicDataset', classes=[],
                 dataset=dict(type='PascalVOCAugDataset', data_root=data_root,
                              data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'),
                              ann_file='ImageSets/Segmentation/val.txt', pipeline=episode_test_pipeline,
                              test_mode=True)))
test_evaluator = dict(type='EpisodicIoUMetric')
