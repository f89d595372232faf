"""tools/test.py --show-dir draws every test image (mmseg's SegVisualizationHook), --out saves every prediction as
a label PNG named after its image, --tta tests with mmseg's flip augmentation; an episodic test refuses --out and
--tta."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from platform_core import ContinualRunner
from platform_core.config import save_predictions, show_predictions
from platform_core.errors import ConfigError
from platform_core.testing import tiny_config
from tests.tool_loader import load_tool

PSPNET = 'configs/pspnet/pspnet_r18-d8_synthvoc-joint.py'


def test_the_flags_parse():
    args = load_tool('test').parse_args(['c.py', 'k.pth', '--show-dir', 'shown', '--out', 'preds'])
    assert (args.show_dir, args.out) == ('shown', 'preds')


@pytest.mark.integration
def test_show_dir_and_out_write_one_file_per_test_image(tiny_data, tmp_path):
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2)
    checkpoint = ContinualRunner(cfg).run()[-1]['checkpoint']
    figure = tmp_path / 'run' / 'plots' / 'predictions.png'  # the training run's figure of its last task
    written = figure.stat().st_ino, figure.stat().st_mtime_ns
    show_predictions(cfg, str(tmp_path / 'shown'))
    save_predictions(cfg, str(tmp_path / 'preds'))
    ContinualRunner(cfg).test(checkpoint)
    assert (figure.stat().st_ino, figure.stat().st_mtime_ns) == written  # a test does not redraw the run's figure
    ids = sorted((Path(tiny_data) / 'ImageSets/Segmentation/val.txt').read_text().split())
    assert sorted(p.stem for p in (tmp_path / 'preds').glob('*.png')) == ids
    label = Image.open(tmp_path / 'preds' / f'{ids[0]}.png')
    assert label.mode == 'P' and np.asarray(label).max() < 21
    assert len(list((tmp_path / 'shown').rglob('*.png'))) == len(ids)


@pytest.mark.integration
def test_out_and_tta_on_an_episodic_test_are_refused(tiny_data, tmp_path):
    config = 'configs/panet/panet_r18-slim_synthvoc-5i-fold0_1shot.py'
    cfg = tiny_config(config, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=1,
                      options={'scenario.test_runs': 1, 'scenario.test_episodes': 2,
                               'train_dataloader.dataset.allow_repeats': True,
                               'test_dataloader.dataset.allow_repeats': True})
    checkpoint = ContinualRunner(cfg).run()[-1]['checkpoint']
    with pytest.raises(ConfigError, match='--tta: the test set of this config \\(EpisodicDataset\\) is not an mmseg'):
        ContinualRunner(cfg).test(checkpoint, tta=True)
    save_predictions(cfg, str(tmp_path / 'preds'))
    with pytest.raises(ConfigError, match='--out: the test set of this config \\(EpisodicDataset\\)'):
        ContinualRunner(cfg).test(checkpoint)


@pytest.mark.integration
def test_tta_evaluates_the_checkpoint_flipped_and_not(tiny_data, tmp_path):
    """Flip TTA merges two views of each image: metrics differ from the plain test, and the weights did load."""
    cfg = tiny_config(PSPNET, data_root=tiny_data, work_dir=tmp_path / 'run', max_iters=2)
    entry = ContinualRunner(cfg).run()[-1]
    plain = ContinualRunner(cfg).test(entry['checkpoint'])
    flipped = ContinualRunner(cfg).test(entry['checkpoint'], tta=True)
    assert plain['mIoU'] == entry['metrics']['mIoU'] and flipped['mIoU'] != plain['mIoU']
    assert 0 <= flipped['mIoU'] <= 100
