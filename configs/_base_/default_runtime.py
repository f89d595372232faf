# mmengine runtime shared by every config (one registry scope: mmseg's). custom_imports: clseg and every installed
# plugin register their types when any tool reads the config (mmseg's browse_dataset / print_config included).
default_scope = 'mmseg'
custom_imports = dict(imports=['platform_core.registrations'], allow_failed_imports=False)
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='gloo'))
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='SegLocalVisualizer', vis_backends=vis_backends)
log_processor = dict(by_epoch=False)
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0)
