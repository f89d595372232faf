"""Progress bars: drawn on a terminal (count and description), silent elsewhere, and the items pass through."""
import io

from rich.console import Console

from platform_core import progress as progress_module
from platform_core.progress import progress


def test_not_a_terminal_passes_the_items_and_prints_nothing(capsys, monkeypatch):
    monkeypatch.setattr(progress_module, 'interactive', lambda: False)
    assert list(progress(iter(range(5)), 'work', total=5)) == [0, 1, 2, 3, 4]
    assert capsys.readouterr() == ('', '')


def test_a_terminal_shows_the_description_and_the_count():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    assert list(progress([1, 2, 3], 'converting', console=console)) == [1, 2, 3]
    assert 'converting' in out.getvalue() and '3/3' in out.getvalue()
