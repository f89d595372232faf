# SynthVOC episodes (fewshot scenario): the scenario fills classes/ways/shots/runs per fold.
# SynthVOC images all have one size (64x64), so no resize; episodes batch as they are.
data_root = 'data/synthvoc'
episode_train_pipeline = [
    dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'), dict(type='RandomFlip', prob=0.5)]
episode_test_pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]
data_prefix = dict(img_path='JPEGImages', seg_map_path='SegmentationClass')
train_dataloader = dict(
    batch_size=4, num_workers=1, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type='EpisodicDataset', classes=[], episodes=100000, seed=0,
                 dataset=dict(type='SynthVOCDataset', data_root=data_root, data_prefix=data_prefix,
                              ann_file='ImageSets/Segmentation/train.txt', image_labels='image_labels.json',
                              pipeline=episode_train_pipeline)))
test_dataloader = dict(
    batch_size=8, num_workers=1, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='EpisodicDataset', classes=[],
                 dataset=dict(type='SynthVOCDataset', data_root=data_root, data_prefix=data_prefix,
                              ann_file='ImageSets/Segmentation/val.txt', image_labels='image_labels.json',
                              pipeline=episode_test_pipeline, test_mode=True)))
test_evaluator = dict(type='EpisodicIoUMetric')
