"""Dataset converters: python tools/dataset_converters/<name>.py --help (docs/datasets.md)."""
