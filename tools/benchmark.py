"""Benchmarks of clseg components, selected by name.

    python tools/benchmark.py --list
    python tools/benchmark.py NAME [options of that benchmark]

Every installed plugin's benchmarks are listed (a plugin registers them with ``platform_core.benchmarks.benchmark``,
see that module); the core's SynthVOC ones are below. Results go in BENCHMARKS.md with the command that produced
them.
"""
import importlib
import sys

from platform_core.benchmarks import BENCHMARKS, benchmark
from platform_core.plugin_manager import installed_plugins, load_entry_point


# name, module of tools/benchmarks/ (whose function of the same name runs it), summary
CORE = (
    ('cpu-regime', 'cpu_regime', 'SynthVOC segmentation learning speed on the CPU, in memory (chose the CPU regime)'),
    ('overhead', 'overhead', 'the same config through clseg and through plain mmseg, alternated: what the platform costs'),
    ('throughput', 'throughput', "every method's SynthVOC config: training images/s; PSPNet's GFLOP/s against the "
                                 'matmul peak'),
    ('gpu-check', 'gpu_check', "every method's real-size config on 512-px SynthVOC on a GPU (tools/gpu_check.sh runs it)"),
)


def register_core(name: str, module: str, summary: str) -> None:
    """Register ``benchmarks.<module>.<module>``, imported only when it runs."""
    def run(argv: list) -> dict:
        return getattr(importlib.import_module(f'benchmarks.{module}'), module)(argv)
    benchmark(name, summary)(run)


for core in CORE:
    register_core(*core)


def load_plugins() -> None:
    """Import every installed plugin, which registers its benchmarks."""
    for entry_point in installed_plugins().values():
        load_entry_point(entry_point)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    load_plugins()
    if not argv or argv[0] in ('--list', '-h', '--help'):
        print(__doc__)
        for name, (_, summary) in BENCHMARKS.items():
            print(f'  {name:24s} {summary}')
        return 0
    from mmengine.registry import init_default_scope
    init_default_scope('mmseg')  # clseg's one registry scope, as in every config
    if argv[0] not in BENCHMARKS:
        print(f'benchmark.py: unknown benchmark {argv[0]!r}; known: {sorted(BENCHMARKS)}', file=sys.stderr)
        return 2
    BENCHMARKS[argv[0]][0](argv[1:])
    return 0


if __name__ == '__main__':
    sys.exit(main())
