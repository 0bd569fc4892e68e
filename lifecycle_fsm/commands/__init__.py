"""The commands of ``lifefsm``: each takes its typed options, runs the driver's stages and prints the result.

``check`` (check.py), ``compile`` and ``diagram`` (compile.py); ``mutate`` and ``pod`` live in
their own packages (mutate/command.py, pod/command.py). The CLI (cli.py) parses arguments into
these options; nothing here knows argparse.
"""

from __future__ import annotations

from pathlib import Path

# the reference model of `lifefsm pod` (commands/podmodel.py), beside the package: known here, without the model
# checker's modules, so that the CLI can start loading it before importing them
REFERENCE = Path(__file__).resolve().parents[2] / "spec" / "pod.lfsm"
