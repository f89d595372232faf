# Weakly supervised: image-level labels + saliency for training, pixel labels for evaluation only.
# num_tasks = the method's stages (AE-PSL: 3 erasing rounds + PSL); only the last one is evaluated.
scenario = dict(
    type='Weak', num_classes=21, num_tasks=4, evaluate='last', image_labels='image_labels.json',
    saliency=dict(folder='Saliency', estimator=dict(type='SpectralResidual', size=64, avg_kernel=3, blur_sigma=2.5)))
