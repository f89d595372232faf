"""OpenMMLab's own tools read clseg configs: every clseg config imports clseg and its installed plugins
(custom_imports), so mmseg's print_config prints one and a process that imports only mmseg builds its dataset and
model by type name, as mmseg's browse_dataset and analysis tools do."""
import subprocess
import sys
from pathlib import Path

import mmseg

TOOLS = Path(mmseg.__file__).parent / '.mim' / 'tools'
CONFIG = 'configs/mib/mib_r18_synthvoc-15-5-overlap.py'
ROOT = Path(__file__).resolve().parents[2]

BUILD_AS_MMSEG_DOES = '''
import sys
from mmengine.config import Config
from mmseg.registry import DATASETS, MODELS
from mmseg.utils import register_all_modules
cfg = Config.fromfile(sys.argv[1])
cfg.train_dataloader.dataset.data_root = sys.argv[2]
register_all_modules()
dataset = DATASETS.build(cfg.train_dataloader.dataset)
cfg.model.backbone.pop('init_cfg', None)
model = MODELS.build(cfg.model)
print(type(dataset).__name__, len(dataset), type(model).__name__, dataset[0]['inputs'].shape)
'''


def test_mmseg_print_config_prints_a_clseg_config(tmp_path):
    """(The tool also dumps the config to ./example.py: it runs in a temporary folder.)"""
    proc = subprocess.run([sys.executable, str(TOOLS / 'misc' / 'print_config.py'), str(ROOT / CONFIG)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "type='MiBSegmentor'" in proc.stdout and 'platform_core.registrations' in proc.stdout
    assert (tmp_path / 'example.py').is_file() and not (ROOT / 'example.py').exists()


def test_a_process_importing_only_mmseg_builds_a_clseg_dataset_and_model(tiny_data):
    proc = subprocess.run([sys.executable, '-c', BUILD_AS_MMSEG_DOES, CONFIG, str(tiny_data)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[:4] == ['SynthVOCDataset', '16', 'MiBSegmentor', 'torch.Size([3,']
