"""Loading a previous step's weights into a model whose classifier grew."""
import pytest
import torch
from torch import nn

from platform_core.errors import CheckpointError
from platform_core.models.grow import load_grown, read_state_dict


def test_old_rows_are_copied_new_rows_kept_and_missing_keys_untouched():
    old, new = nn.Conv2d(4, 2, 1), nn.Conv2d(4, 3, 1)
    before = new.weight.detach().clone()
    grown = load_grown(new, {'weight': old.weight.detach(), 'unused.weight': torch.zeros(1)})
    assert grown == ['weight']
    assert torch.equal(new.weight[:2], old.weight) and torch.equal(new.weight[2], before[2])
    assert not torch.equal(new.bias[:2], old.bias)  # not in the state: left as it was


def test_prefix_selects_a_submodule_of_the_checkpoint():
    source, target = nn.Linear(2, 2), nn.Linear(2, 2)
    load_grown(target, {f'teacher.{k}': v for k, v in source.state_dict().items()}, prefix='teacher.')
    assert torch.equal(target.weight, source.weight)


def test_other_shape_changes_are_refused():
    with pytest.raises(CheckpointError, match='only classifiers may grow'):
        load_grown(nn.Conv2d(4, 2, 1), {'weight': torch.zeros(2, 5, 1, 1)})


def test_read_state_dict_strips_the_ddp_prefix(tmp_path):
    path = tmp_path / 'ckpt.pth'
    torch.save({'state_dict': {'module.w': torch.ones(1)}}, path)
    assert list(read_state_dict(str(path))) == ['w']
