"""The commands of ``lifefsm``: each takes its typed options, runs the driver's stages and prints the result.

``check`` (check.py), ``compile`` and ``diagram`` (compile.py); ``mutate`` and ``pod`` live in
their own packages (mutate/command.py, pod/command.py). The CLI (cli.py) parses arguments into
these options; nothing here knows argparse.
"""
