# PANet (paper recipe) on COCO-20i fold 0 (consecutive classes 1..20, as PANet), 1-way 1-shot: VGG16 with
# ImageNet weights, 417x417, SGD 1e-3, 30k episodes, x0.1 at 10k and 20k; 5 x 1000 test episodes.
# For the interleaved folds (PFENet/HSNet) set scenario.coco_scheme='interleaved'.
_base_ = [
    '../_base_/models/panet_vgg16.py', '../_base_/datasets/coco_episodes.py',
    '../_base_/schedules/panet_sgd_30k.py', '../_base_/scenarios/fewshot_coco20i.py', '../_base_/default_runtime.py'
]
# torchvision's VGG16 ImageNet file (same key layout as PANetVGG16), local: nothing is downloaded
model = dict(pretrained='data/pretrained/vgg16-397923af.pth')
plugins = ['fewshot', 'panet']
