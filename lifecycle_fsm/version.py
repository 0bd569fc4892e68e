"""The version of lifefsm, written into generated files and reports (the same as pyproject.toml's)."""

__version__ = "0.1.0"
