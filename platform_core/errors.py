"""User-facing errors. Each names what is wrong (key, plugin, file) and says what to do."""

__all__ = ['ClsegError', 'ConfigError', 'PluginError', 'ScenarioError', 'DatasetError', 'CheckpointError',
           'TrainingError']


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
