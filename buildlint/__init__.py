"""buildlint: lint the whole container build of a project."""

__version__ = "0.1.0"
