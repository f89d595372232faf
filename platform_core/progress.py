"""Progress bars (rich) for the long loops outside mmengine's runner: data generation, dataset conversion,
AE-PSL's mining, episodic tests. Drawn on a terminal only: in a log file or CI the loop runs silently and its
own one-line summaries stay the record."""
import sys
from typing import Iterable, Iterator, Optional, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

__all__ = ['progress', 'make_progress', 'interactive']

T = TypeVar('T')


def interactive() -> bool:
    """Whether stderr is a terminal (where bars are drawn)."""
    return sys.stderr.isatty()


def make_progress(console: Optional[Console] = None) -> Progress:
    """A bar with the count, elapsed time and ETA, on stderr."""
    return Progress(TextColumn('{task.description}'), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn('ETA'), TimeRemainingColumn(), console=console or Console(stderr=True))


def progress(items: Iterable[T], description: str, total: Optional[int] = None,
             console: Optional[Console] = None) -> Iterator[T]:
    """Yield ``items``, advancing a bar of ``total`` (default ``len(items)``) steps on a terminal."""
    if console is None and not interactive():
        yield from items
        return
    with make_progress(console) as bar:
        task = bar.add_task(description, total=total if total is not None else len(items))
        for item in items:
            yield item
            bar.advance(task)
