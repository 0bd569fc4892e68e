"""Binding spec parameters for one run: defaults, `-D NAME=VALUE` overrides, range checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from . import messages as M
from .diagnostics import Diagnostic, LfsmError
from .model import BoolT, EnumT, IntT, Model, Type, Value
from .source import Span

_CLI = Span("<command line>", 0, 0, 0, 0)


def parse_value(name: str, text: str, t: Type) -> Value:
    """Parse the text of a `-D` value for a parameter of type ``t``."""
    if isinstance(t, BoolT):
        if text in ("true", "false"):
            return text == "true"
        raise LfsmError([Diagnostic("bad-parameter-value", M.bad_parameter_value(name, text, "true or false"), _CLI)])
    if isinstance(t, IntT):
        try:
            v = int(text, 10)
        except ValueError:
            raise LfsmError([Diagnostic("bad-parameter-value",
                                        M.bad_parameter_value(name, text, f"an integer in {t}"), _CLI)]) from None
        if t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi:
            raise LfsmError([Diagnostic("parameter-out-of-range",
                                        M.parameter_out_of_range(name, v, t.lo, t.hi), _CLI)])
        return v
    assert isinstance(t, EnumT)
    if text not in t.members:
        raise LfsmError([Diagnostic("bad-parameter-value",
                                    M.bad_parameter_value(name, text, "one of " + ", ".join(t.members)), _CLI)])
    return text


def bind_params(model: Model, defines: Iterable[str] | dict[str, Value] | Sequence[str]) -> dict[str, Value]:
    values: dict[str, Value] = {p.name: p.default for p in model.params}
    types = {p.name: p.type for p in model.params}
    diags: list[Diagnostic] = []
    items = defines.items() if isinstance(defines, dict) else [_split(d, diags) for d in defines]
    for item in items:
        if item is None:
            continue
        name, raw = item
        if name not in types:
            diags.append(Diagnostic("unknown-parameter", M.unknown_parameter(name), _CLI))
            continue
        try:
            if isinstance(raw, str):
                values[name] = parse_value(name, raw, types[name])
            else:
                values[name] = _check_value(name, raw, types[name])
        except LfsmError as e:
            diags.extend(e.diagnostics)
    if diags:
        raise LfsmError(diags)
    return values


def _check_value(name: str, v: Value, t: Type) -> Value:
    return parse_value(name, str(v).lower() if isinstance(v, bool) else str(v), t)


def _split(text: str, diags: list[Diagnostic]) -> tuple[str, str] | None:
    if "=" not in text:
        diags.append(Diagnostic("bad-option", M.bad_define(text), _CLI))
        return None
    name, _, value = text.partition("=")
    return name.strip(), value.strip()
