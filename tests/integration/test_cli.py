"""tools/train.py turns bad input into one clear error line and exit code 2."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_train(*args):
    return subprocess.run([sys.executable, 'tools/train.py', *args], cwd=ROOT, capture_output=True, text=True)


def test_unknown_type_is_one_clear_error(tmp_path):
    config = tmp_path / 'typo.py'
    config.write_text("_base_ = ['%s']\nmodel = dict(backbone=dict(type='ResNetV1x'))\n"
                      % (ROOT / 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'))
    proc = run_train(str(config), '--work-dir', str(tmp_path / 'run'))
    assert proc.returncode == 2
    assert "'ResNetV1x' (at model.backbone): not registered" in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_unknown_plugin_is_one_clear_error(tmp_path):
    proc = run_train('configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', '--work-dir', str(tmp_path),
                     '--cfg-options', "plugins=['joint','pspnett']")
    assert proc.returncode == 2
    assert "unknown plugin(s) ['pspnett']" in proc.stderr


def test_missing_data_root_is_one_clear_error(tmp_path):
    proc = run_train('configs/pspnet/pspnet_r18-d8_synthvoc-joint.py', '--work-dir', str(tmp_path / 'run'),
                     '--data-root', str(tmp_path / 'nowhere'))
    assert proc.returncode == 2
    assert 'does not exist' in proc.stderr and 'make_synthetic.py' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_missing_config_is_one_clear_error(tmp_path):
    proc = run_train(str(tmp_path / 'nope.py'))
    assert proc.returncode == 2 and 'not found' in proc.stderr
