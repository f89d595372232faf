"""The benchmark registry and its timing helpers. A plugin registers its benchmarks the way it registers types:
a module of the plugin package, imported by the package, decorates ``fn(argv: list[str]) -> dict`` with
``@benchmark('name', 'one line')``; ``tools/benchmark.py`` imports every installed plugin and lists them all.
A benchmark parses its own options, prints a markdown or JSON report and returns the numbers."""
import os
import time
from typing import Callable

import torch

__all__ = ['BENCHMARKS', 'benchmark', 'timed', 'rss_mib']

BENCHMARKS: dict[str, tuple[Callable[[list], dict], str]] = {}


def benchmark(name: str, summary: str) -> Callable:
    """Register ``fn(argv) -> dict`` under ``name`` (the same name from another function is an error; a module
    imported again registers its own function again)."""
    def register(fn: Callable) -> Callable:
        known = BENCHMARKS.get(name)
        if known and (known[0].__module__, known[0].__qualname__) != (fn.__module__, fn.__qualname__):
            raise ValueError(f'benchmark {name!r} is registered twice ({BENCHMARKS[name][0].__module__} and '
                             f'{fn.__module__}).')
        BENCHMARKS[name] = (fn, summary)
        return fn
    return register


def _sync(device: torch.device) -> None:
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def timed(fn: Callable, device: torch.device) -> tuple[object, float, float]:
    """(result, seconds, peak MiB allocated by torch on ``device``; NaN on CPU)."""
    if device.type == 'cuda':
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats(device)
    _sync(device)
    start = time.perf_counter()
    result = fn()
    _sync(device)
    seconds = time.perf_counter() - start
    peak = torch.cuda.max_memory_allocated(device) / 2**20 if device.type == 'cuda' else float('nan')
    return result, seconds, peak


def rss_mib() -> float:
    """Resident memory of this process now (Linux)."""
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
