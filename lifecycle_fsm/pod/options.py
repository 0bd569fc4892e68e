"""What the CLI needs to name `lifefsm pod`'s options, without importing the command (and its YAML reader)."""

from __future__ import annotations

FAIL_ON = ("error", "warning", "info", "never")  # --fail-on: the least severity that fails the run
