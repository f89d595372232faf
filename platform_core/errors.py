"""User-facing errors. Each names what is wrong (key, plugin, file) and says what to do."""

__all__ = ['ClsegError', 'ConfigError', 'PluginError', 'ScenarioError', 'DatasetError', 'CheckpointError',
           'TrainingError', 'StorageError', 'user_message']


class ClsegError(ValueError):
    """Base of every error clseg raises on bad user input."""


class ConfigError(ClsegError):
    """A config key or value is wrong."""


class PluginError(ClsegError):
    """A plugin is unknown, fails to import, or breaks the hook contract."""


class ScenarioError(ClsegError):
    """A scenario was asked for something it cannot provide."""


class DatasetError(ClsegError):
    """A dataset root, list or file is missing or malformed."""


class CheckpointError(ClsegError):
    """A checkpoint is missing, unreadable, or holds objects that are not allowed."""


class TrainingError(ClsegError):
    """Training cannot give a meaningful result (e.g. a loss that is NaN or infinite)."""


class StorageError(ClsegError):
    """A file of the run could not be written (e.g. the disk is full)."""


def user_message(exc: BaseException) -> str:
    """The message to show for ``exc``. torch re-raises an error from a DataLoader worker as the same type
    with "Caught X in DataLoader worker process N" and the worker's traceback as its text; the user's message
    is the original one, at the end of that traceback."""
    text = str(exc)
    if not (text.startswith('Caught ') and 'Original Traceback' in text):
        return text
    marker = f'{type(exc).__name__}: '
    lines = text.rstrip().splitlines()
    starts = [i for i, line in enumerate(lines) if marker in line and not line.startswith(' ')]
    if not starts:
        return lines[-1]
    first = lines[starts[-1]]
    return '\n'.join([first[first.index(marker) + len(marker):], *lines[starts[-1] + 1:]])
