"""bfloat16 mixed precision for the optimizer wrapper: what ``--amp`` means on a machine without CUDA.

mmengine's AmpOptimWrapper is float16 with loss scaling and refuses to start without a GPU. bfloat16 has
float32's range, so no loss scaling is needed. It pays only where the hardware computes in bfloat16: on a
2-core AVX512-BF16 machine it measured 1.8x on a forward/backward of the CPU configs' slim ResNet-18 (plain
strides, 1 thread), 1.34x on its pretraining (2 threads) and 1.2x on the dilated PSPNet (1 thread); on a 2-core
AVX2 machine (no bfloat16 instructions, oneDNN emulates them) the same convolutions ran 9x SLOWER than float32
(BENCHMARKS.md, "bf16"). So by default (``bf16='auto'``) the wrapper autocasts only where bfloat16 is native.
"""
import logging
from contextlib import contextmanager, nullcontext
from typing import Union

import torch
from mmengine.logging import print_log
from mmengine.optim import OptimWrapper

from ..errors import ConfigError
from ..registry import OPTIM_WRAPPERS

__all__ = ['BF16OptimWrapper', 'native_bf16']


def native_bf16(device_type: str) -> bool:
    """Whether ``device_type`` computes in bfloat16 natively: a CUDA GPU that supports it, a CPU with
    AVX512-BF16 or AMX. Other devices are trusted to."""
    if device_type == 'cuda':
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if device_type == 'cpu':
        probes = ('_is_avx512_bf16_supported', '_is_amx_tile_supported')
        return any(getattr(torch.cpu, probe, lambda: False)() for probe in probes)
    return True


@OPTIM_WRAPPERS.register_module()
class BF16OptimWrapper(OptimWrapper):
    """mmengine's OptimWrapper with the forward pass and loss under ``torch.autocast(bfloat16)`` on the
    device the model's parameters are on; weights, gradients and optimizer state stay float32.

    Args:
        bf16: ``'auto'`` (autocast where the device computes bfloat16 natively, float32 elsewhere, said once in
            the log), True (always; emulated bfloat16 is slow) or False (never).
        **kwargs: mmengine ``OptimWrapper`` arguments.
    """

    def __init__(self, *args, bf16: Union[str, bool] = 'auto', **kwargs) -> None:
        if bf16 not in ('auto', True, False):
            raise ConfigError(f"optim_wrapper.bf16 must be 'auto', True or False, got {bf16!r}.")
        super().__init__(*args, **kwargs)
        self.bf16 = bf16
        self._autocast = None  # decided on first use, on the model's device

    def _use_autocast(self, device: str) -> bool:
        if self._autocast is None:
            self._autocast = native_bf16(device) if self.bf16 == 'auto' else bool(self.bf16)
            if self.bf16 == 'auto' and not self._autocast:
                print_log(f'BF16OptimWrapper: this {device} has no native bfloat16 (AVX512-BF16 / AMX on a CPU), '
                          'where emulated bfloat16 is several times slower than float32: training in float32. '
                          'optim_wrapper.bf16=True forces bfloat16.', logger='current', level=logging.WARNING)
        return self._autocast

    @contextmanager
    def optim_context(self, model: torch.nn.Module):
        device = next(model.parameters()).device.type
        cast = torch.autocast(device_type=device, dtype=torch.bfloat16) if self._use_autocast(device) \
            else nullcontext()
        with super().optim_context(model), cast:
            yield
