"""The `lifefsm` command line: check, mutate, compile, diagram.

Exit status: 0 all well; 1 a property has an unexpected verdict; 2 bad input (spec errors,
missing file, bad options); 3 the search stopped before a verdict (a limit, the memory
bound, or Ctrl-C once a check has begun); 130 Ctrl-C before any search (reading the spec,
compile, diagram).
Diagnostics go to stderr as `file:line:col: error: message  [code]` with the
source line and a caret. No traceback reaches the user for anything a user can
cause: argparse errors and LfsmError are both rendered and mapped to exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__, colour
from . import messages as M
from .colour import CHOICES
from .diagnostics import Diagnostic, LfsmError, render_all
from .model import Model, Value

EXIT_OK, EXIT_VIOLATED, EXIT_BAD_INPUT, EXIT_INCOMPLETE = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}  [bad-option]\n")


EPILOG = """exit status: 0 all well; 1 a property has an unexpected verdict; 2 bad input (the
diagnostics say what and where); 3 a check stopped before its verdicts (--max-states,
--max-memory, or Ctrl-C once a check has begun: the partial result is printed); 130 Ctrl-C
before any search began. Colour: --color, NO_COLOR and FORCE_COLOR; never in --json or in a
pipe unless asked."""


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="lifefsm", description="Kubernetes lifecycle state machines: check, compile, draw.",
                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"lifefsm {__version__}")
    p.add_argument("--color", choices=CHOICES, default="auto", metavar="WHEN",
                   help="colour diagnostics and verdicts: auto (a terminal, unless NO_COLOR is set), always, never")
    p.add_argument("--quiet", action="store_true", help="print only what is wrong")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser("check", help="parse, check and model-check a spec",
                       description="Parse and check SPEC, then explore its state space and report every property.")
    c.add_argument("spec", metavar="SPEC", help="the .lfsm file")
    add_define_option(c)
    from .checker.command import add_arguments

    add_arguments(c)
    c.set_defaults(func=cmd_check)
    from .mutate.command import register as register_mutate

    register_mutate(sub)
    register_extensions(sub)
    from .pod.command import add_parser as add_pod_parser

    add_pod_parser(sub)
    return p


def add_define_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME=VALUE",
                   help="set a spec parameter (repeatable); others keep their defaults")


def register_extensions(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Commands provided by the back ends, when present."""
    try:
        from .backends import cli as backends_cli
    except ImportError:
        backends_cli = None  # type: ignore[assignment]
    if backends_cli is not None:
        backends_cli.extend(sub)


def parse_defines(model: Model, defines: Sequence[str]) -> dict[str, Value]:
    """Bind parameters: defaults from the spec, `-D NAME=VALUE` overrides, all range-checked."""
    from .params import bind_params

    return bind_params(model, defines)


def load(path: str) -> Model:
    from .pipeline import load_spec

    return load_spec(path)


def report(e: LfsmError, color: str = "auto") -> int:
    from .pipeline import sources_of

    text = render_all(e.diagnostics, sources_of(e))
    print(colour.diagnostics(text, colour.Painter(colour.wants_colour(sys.stderr, color))), file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_check(args: argparse.Namespace) -> int:
    """Load the spec, then explore each system for each parameter binding (checker/command.py)."""
    from .checker.command import run

    model = load(args.spec)
    return run(args, model)


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_unencodable_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        sys.stdout.flush()  # a full device fails here, not in the interpreter's exit
        return result
    except LfsmError as e:
        return report(e, args.color)
    except KeyboardInterrupt:  # a check that has begun handles its own (exit 3, checker/command.py)
        print("lifefsm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        from .outputs import detach_stdout

        detach_stdout()
        return EXIT_OK
    except OSError as e:
        return report(_os_failure(e))


def _tolerate_unencodable_output() -> None:
    """File names that are not UTF-8 (lone surrogates) print as escapes instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _os_failure(e: OSError) -> LfsmError:
    """An OSError nothing else caught: standard output failing (a full disk), or another file.

    Every file lifefsm opens itself reports its own errors; what reaches here without a file
    name is a write to a stream, which is standard output (stderr has nobody to tell).
    """
    from .outputs import detach_stdout, output_error, reason, stdout_is_broken

    if e.filename is None or stdout_is_broken():
        detach_stdout()
        return output_error("output-failed", M.stdout_failed(reason(e)))
    return output_error("os-error", M.os_error(str(e.filename) if e.filename is not None else "", reason(e)))


def entry() -> None:
    sys.exit(main())


__all__ = ["main", "entry", "Diagnostic", "M"]
