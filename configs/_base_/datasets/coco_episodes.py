# COCO-20i episodes on COCO 2014 semantic masks (tools/dataset_converters/coco.py: 0 bg, ids 1..80, 255 crowd):
# train episodes from train2014, test episodes from val2014; 417x417 resize, no crop (PANet).
data_root = 'data/coco'
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
                 dataset=dict(type='COCOSemanticDataset', data_root=data_root,
                              data_prefix=dict(img_path='train2014', seg_map_path='semantic/train2014'),
                              ann_file='ImageSets/train2014.txt', image_labels='image_labels.json',
                              pipeline=episode_train_pipeline)))
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='EpisodicDataset', classes=[],
                 dataset=dict(type='COCOSemanticDataset', data_root=data_root,
                              data_prefix=dict(img_path='val2014', seg_map_path='semantic/val2014'),
                              ann_file='ImageSets/val2014.txt', pipeline=episode_test_pipeline, test_mode=True)))
test_evaluator = dict(type='EpisodicIoUMetric')
