# Generalized zero-shot on Pascal VOC, SPNet/CaGNet/SIGN protocol: pottedplant, sheep, sofa, train, tvmonitor
# unseen; background ignored; unseen pixels of training images -> 255 (images kept).
scenario = dict(type='ZeroShot', num_classes=21, unseen='spnet', dataset='voc', protocol='ignore_background',
                unseen_images='ignore', transductive=False, absent='skip')
