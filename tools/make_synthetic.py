"""Write the SynthVOC dataset (DESIGN.md, "Embedded default data") in Pascal VOC layout.

    python tools/make_synthetic.py --out data/synthvoc [--num-train 6000] [--num-val 500]
        [--size 64] [--seed 0] [--workers 2] [--force]

Idempotent: a complete dataset made with the same parameters is left alone; anything else at --out
is refused unless --force. The dataset is built next to --out and renamed into place at the end.
"""
import argparse
import sys

from platform_core.data.synthvoc import DEFAULT_NUM_TRAIN, DEFAULT_NUM_VAL, DEFAULT_SIZE, generate
from platform_core.errors import ClsegError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', required=True, help='dataset root to create, e.g. data/synthvoc')
    parser.add_argument('--num-train', type=int, default=DEFAULT_NUM_TRAIN)
    parser.add_argument('--num-val', type=int, default=DEFAULT_NUM_VAL)
    parser.add_argument('--size', type=int, default=DEFAULT_SIZE, help='image side in pixels (>= 32)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--workers', type=int, default=2, help='processes; the output does not depend on it')
    parser.add_argument('--force', action='store_true',
                        help='replace a different or partial dataset at --out')
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = generate(args.out, num_train=args.num_train, num_val=args.num_val, size=args.size,
                           seed=args.seed, workers=args.workers, force=args.force)
    except ClsegError as err:
        print(f'make_synthetic: error: {err}', file=sys.stderr)
        return 2
    counts = summary['counts']
    if summary['status'] == 'exists':
        print(f"SynthVOC already complete at {summary['root']} ({counts['train']} train + "
              f"{counts['val']} val, size {summary['size']}, seed {summary['seed']}); nothing to do")
    else:
        print(f"SynthVOC written to {summary['root']}: {counts['train']} train + {counts['val']} val "
              f"images of {summary['size']}x{summary['size']}, seed {summary['seed']}, "
              f"{args.workers} workers, {summary['seconds']:.1f} s")
    return 0


if __name__ == '__main__':
    sys.exit(main())
