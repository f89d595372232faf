# ZS3Net on Pascal VOC, ZS3 protocol, 6 unseen classes (ZS3's cumulative list).
_base_ = ['./zs3_r101-d8_voc12aug-zs3-2.py']
scenario = dict(unseen='zs3-6')
