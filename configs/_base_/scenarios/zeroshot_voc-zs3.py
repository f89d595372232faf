# Generalized zero-shot on Pascal VOC, ZS3 protocol: background seen, ZS3's cumulative unseen list (leaves
# set unseen='zs3-2' .. 'zs3-10'), training images showing an unseen class dropped, absent classes count 0.
scenario = dict(type='ZeroShot', num_classes=21, unseen='zs3-2', dataset='voc', protocol='background_seen',
                unseen_images='drop', transductive=False, absent='zero')
