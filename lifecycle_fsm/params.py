"""Binding spec parameters for one run: defaults, `-D NAME=VALUE` overrides, range checks.

Problems are reported as diagnostics on the pseudo-file ``<command line>``; the
column of their span is the position of the offending `-D` among the overrides,
so that they are listed in the order they were written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from . import messages as M
from .constraints import constraint_diagnostics
from .diagnostics import Diagnostic, LfsmError
from .limits import MAX_INT_DIGITS
from .model import BoolT, EnumT, IntT, Model, Type, Value
from .source import Span
from .symbols import suggest

COMMAND_LINE = "<command line>"
_DECIMAL = re.compile(r"[+-]?[0-9]+")  # '[0-9]', unlike '\d', matches ASCII digits only


def _where(position: int) -> Span:
    return Span(COMMAND_LINE, 0, position, 0, position)


def parse_value(name: str, text: str, t: Type, position: int = 0) -> Value:
    """Parse the text of a `-D` value for a parameter of type ``t``."""
    where = _where(position)
    if isinstance(t, BoolT):
        if text in ("true", "false"):
            return text == "true"
        raise LfsmError([Diagnostic("bad-parameter-value", M.bad_parameter_value(name, text, "true or false"), where)])
    if isinstance(t, IntT):
        # int() would also take '٣', '1_0' and surrounding Unicode spaces: only what a spec can write
        if not _DECIMAL.fullmatch(text):
            raise LfsmError([Diagnostic("bad-parameter-value",
                                        M.bad_parameter_value(name, text, f"a decimal integer in {t}"), where)])
        digits = len(text.lstrip("+-"))
        v = int(text, 10) if digits <= MAX_INT_DIGITS else None  # int() refuses 4,300 digits and more
        if v is None or (t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi):
            shown = str(v) if v is not None else M.number_of_digits(digits)
            raise LfsmError([Diagnostic("parameter-out-of-range",
                                        M.parameter_out_of_range(name, shown, t.lo, t.hi), where)])
        return v
    assert isinstance(t, EnumT)
    if text not in t.members:
        raise LfsmError([Diagnostic("bad-parameter-value",
                                    M.bad_parameter_value(name, text, "one of " + ", ".join(t.members)), where)])
    return text


def bind_params(model: Model, defines: Iterable[str] | dict[str, Value] | Sequence[str], *,
                constraints: bool = True) -> dict[str, Value]:
    """Parameter values for one run: the spec's defaults, overridden by ``defines``.

    ``defines`` is either `-D` texts (``"grace=2"``) or a mapping to values; every
    problem is collected before LfsmError is raised. A binding that violates a `require`
    constraint is refused too (``constraints=False``: sweeps, which skip such bindings).
    """
    values: dict[str, Value] = {p.name: p.default for p in model.params}
    types = {p.name: p.type for p in model.params}
    diags: list[Diagnostic] = []
    if isinstance(defines, dict):
        items: list[tuple[str, Value] | None] = list(defines.items())
    else:
        items = [_split(d, i + 1, diags) for i, d in enumerate(defines)]
    for position, item in enumerate(items, start=1):
        if item is None:
            continue
        name, raw = item
        if name not in types:
            hint = suggest(name, list(types))
            diags.append(Diagnostic("unknown-parameter", M.unknown_parameter(name, list(types), hint),
                                    _where(position)))
            continue
        try:
            if isinstance(raw, str):
                values[name] = parse_value(name, raw, types[name], position)
            else:
                values[name] = _check_value(name, raw, types[name], position)
        except LfsmError as e:
            diags.extend(e.diagnostics)
    if not diags and constraints:
        diags = constraint_diagnostics(model, values)
    if diags:
        raise LfsmError(diags, dict(model.sources))
    return values


def _check_value(name: str, v: Value, t: Type, position: int) -> Value:
    return parse_value(name, str(v).lower() if isinstance(v, bool) else str(v), t, position)


def _split(text: str, position: int, diags: list[Diagnostic]) -> tuple[str, str] | None:
    if "=" not in text:
        diags.append(Diagnostic("bad-option", M.bad_define(text), _where(position)))
        return None
    name, _, value = text.partition("=")
    return name.strip(" \t"), value.strip(" \t")  # str.strip() would also drop Unicode spaces
