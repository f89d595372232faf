# The PSPNet paper's baseline: the same dilated backbone, auxiliary head and schedule as
# pspnet_r18-d8_synthvoc-joint.py with mmseg's FCNHead (two 3x3 convs, no pyramid pooling) as decode head.
_base_ = ['./pspnet_r18-d8_synthvoc-joint.py']
model = dict(decode_head=dict(_delete_=True, type='FCNHead', in_channels=128, in_index=3, channels=32, num_convs=2,
                              concat_input=True, dropout_ratio=0.1, num_classes=21, norm_cfg={{_base_.norm_cfg}},
                              align_corners=False, init_cfg={{_base_.head_init}},
                              loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0)))
