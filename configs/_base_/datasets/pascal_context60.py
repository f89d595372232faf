# Pascal-Context, 59 classes + background (class 0, 60 labels), as ZS3 uses; image-level labels from the
# converter's image_labels.json.
_base_ = ['./pascal_context59.py']
train_dataloader = dict(dataset=dict(type='PascalContext60Dataset', image_labels='image_labels.json'))
test_dataloader = dict(dataset=dict(type='PascalContext60Dataset'))
