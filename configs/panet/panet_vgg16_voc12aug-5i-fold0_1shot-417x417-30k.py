# PANet (paper recipe) on PASCAL-5i fold 0, 1-way 1-shot: VGG16 with ImageNet weights, 417x417, SGD 1e-3,
# 30k episodes, x0.1 at 10k and 20k; test 5 runs x 1000 episodes (seeds 1234..) from VOC val.
_base_ = [
    '../_base_/models/panet_vgg16.py', '../_base_/datasets/voc12aug_episodes.py',
    '../_base_/schedules/panet_sgd_30k.py', '../_base_/scenarios/fewshot_pascal5i.py', '../_base_/default_runtime.py'
]
# torchvision's VGG16 ImageNet file (same key layout as PANetVGG16), local: nothing is downloaded
model = dict(pretrained='data/pretrained/vgg16-397923af.pth')
plugins = ['fewshot', 'panet']
