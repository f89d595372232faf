# ADE20K with 0 = background kept as a class (151 labels), as class-incremental ADE20K (100-50, ...) uses;
# image-level labels from the converter's image_labels.json.
_base_ = ['./ade20k.py']
train_dataloader = dict(dataset=dict(type='ADE20KBgDataset', image_labels='image_labels.json'))
test_dataloader = dict(dataset=dict(type='ADE20KBgDataset'))
