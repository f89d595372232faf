"""Metric paths: which number of a run's ``results.json`` a claim side reads.

``results.json`` is a list with one entry per task: ``{"task": ..., "metrics": {...}, "checkpoint": ...,
"plugins": {<plugin>: {...}}}``. A path is

- a bare key, ``'mIoU'``: ``metrics['mIoU']`` of the last task entry;
- a dotted path into the last task entry, ``'plugins.aepsl.rounds.2.fg_recall'``;
- a dotted path after a task selector, ``'task[0].metrics.mIoU'``, ``'task[-1].plugins.aepsl.rounds.2.fg_recall'``.

Integers index lists (negative ones from the end), other parts index dicts.
"""
import re
from typing import Any

from ..errors import ConfigError

__all__ = ['resolve_metric']

_TASK = re.compile(r'task\[(-?\d+)\]$')


def resolve_metric(results: list, path: str) -> float:
    """The number at ``path`` in ``results`` (a run's parsed results.json); ConfigError naming the path, the
    part that is missing and what exists there."""
    if not isinstance(results, list) or not results:
        raise ConfigError(f"metric '{path}': results.json holds no task entries")
    parts = path.split('.')
    selector = _TASK.match(parts[0])
    if selector:
        index, keys, walked = int(selector.group(1)), parts[1:], [parts[0]]
    else:  # the last task; a bare key is one of its metrics
        index, keys, walked = -1, (['metrics', *parts] if len(parts) == 1 else parts), []
    if not -len(results) <= index < len(results):
        raise ConfigError(f"metric '{path}': no task [{index}]; results.json has {len(results)} task entries")
    node: Any = results[index]
    for key in keys:
        node = _step(node, key, path, where='.'.join(walked))
        walked.append(key)
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        raise ConfigError(f"metric '{path}' is {_describe(node)}, not a number")
    return float(node)


def _step(node: Any, part: str, path: str, *, where: str) -> Any:
    """``node[part]``: a list index or a dict key, with an error saying what exists at ``where``."""
    at = f" at '{where}'" if where else ''
    if isinstance(node, list):
        if not re.fullmatch(r'-?\d+', part) or not -len(node) <= int(part) < len(node):
            raise ConfigError(f"metric '{path}': '{part}' is not an index of the list{at} "
                              f'({len(node)} items)')
        return node[int(part)]
    if isinstance(node, dict):
        if part not in node:
            raise ConfigError(f"metric '{path}': no key '{part}'{at}; keys there: {sorted(node)}")
        return node[part]
    raise ConfigError(f"metric '{path}': cannot look up '{part}'{at}, which is {_describe(node)}")


def _describe(node: Any) -> str:
    if isinstance(node, dict):
        return f'a dict (keys {sorted(node)})'
    return 'null' if node is None else f'a {type(node).__name__} ({node!r})'
