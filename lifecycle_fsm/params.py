"""Binding spec parameters for one run: defaults, overrides, type and range checks, constraints.

Values travel typed (``int``, ``bool``, an enum member's name) from here on: ``bind_params``
takes a mapping of values and checks each against its parameter's type and range, never
through text. The text of `-D NAME=VALUE` is read in one place, ``parse_value`` (the command
line's edge; ``bind_params`` also accepts such texts, for the CLI and the embedding API).

Problems are reported as diagnostics on the pseudo-file ``<command line>``; the column of
their span is the position of the offending override among the overrides, so that they are
listed in the order they were written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .constraints import constraint_diagnostics
from .diagnostics import Diagnostic, LfsmError
from .limits import MAX_INT_DIGITS
from .messages import say
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
        raise LfsmError([Diagnostic("bad-parameter-value", say("bad-parameter-value", name=name, text=text,
                                                               want="true or false"), where)])
    if isinstance(t, IntT):
        # int() would also take '٣', '1_0' and surrounding Unicode spaces: only what a spec can write
        if not _DECIMAL.fullmatch(text):
            raise LfsmError([Diagnostic("bad-parameter-value",
                                        say("bad-parameter-value", name=name, text=text,
                                            want=f"a decimal integer in {t}"), where)])
        digits = len(text.lstrip("+-"))
        v = int(text, 10) if digits <= MAX_INT_DIGITS else None  # int() refuses 4,300 digits and more
        if v is None or (t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi):
            shown = str(v) if v is not None else say("number-of-digits", digits=digits)
            raise LfsmError([Diagnostic("parameter-out-of-range",
                                        say("parameter-out-of-range", name=name, shown=shown, lo=t.lo,
                                            hi=t.hi), where)])
        return v
    assert isinstance(t, EnumT)
    if text not in t.members:
        raise LfsmError([Diagnostic("bad-parameter-value",
                                    say("bad-parameter-value", name=name, text=text,
                                        want="one of " + ", ".join(t.members)), where)])
    return text


def check_value(name: str, v: object, t: Type, position: int = 0) -> Value:
    """A value given as such (not as text) for a parameter of type ``t``: the same checks as ``parse_value``."""
    where = _where(position)
    if isinstance(t, BoolT):
        if isinstance(v, bool):
            return v
        raise LfsmError([Diagnostic("bad-parameter-value", say("bad-parameter-value", name=name, text=_shown(v),
                                                               want="true or false"),
                                    where)])
    if isinstance(t, IntT):
        if not isinstance(v, int) or isinstance(v, bool):
            raise LfsmError([Diagnostic("bad-parameter-value",
                                        say("bad-parameter-value", name=name, text=_shown(v),
                                            want=f"a decimal integer in {t}"), where)])
        if t.lo is not None and t.hi is not None and not t.lo <= v <= t.hi:
            raise LfsmError([Diagnostic("parameter-out-of-range",
                                        say("parameter-out-of-range", name=name, shown=_shown(v), lo=t.lo,
                                            hi=t.hi), where)])
        return v
    assert isinstance(t, EnumT)
    if not isinstance(v, str) or v not in t.members:
        raise LfsmError([Diagnostic("bad-parameter-value",
                                    say("bad-parameter-value", name=name, text=_shown(v),
                                        want="one of " + ", ".join(t.members)), where)])
    return v


def _shown(v: object) -> str:
    """A value as a message shows it: booleans as the spec writes them, huge integers by their size."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        digits = _digits(v)
        # str() refuses 4,300 digits
        return str(v) if digits <= MAX_INT_DIGITS else say("number-of-digits", digits=digits)
    return str(v)


def _digits(v: int) -> int:
    """The number of decimal digits of ``v`` (without converting it to text)."""
    n = abs(v)
    k = max(1, int(n.bit_length() * 0.30102999566398120))  # log10(2): k or k + 1 digits
    return k + 1 if n >= 10**k else k


def bind_params(model: Model, defines: Mapping[str, object] | Iterable[str], *,
                constraints: bool = True) -> dict[str, Value]:
    """Parameter values for one run: the spec's defaults, overridden by ``defines``.

    ``defines`` is either a mapping to values (checked as they are) or `-D` texts (``"grace=2"``,
    parsed by ``parse_value``); every problem is collected before LfsmError is raised. A binding
    that violates a `require` constraint is refused too (``constraints=False``: sweeps, which
    skip such bindings). The result maps every parameter, in declaration order.
    """
    values: dict[str, Value] = {p.name: p.default for p in model.params}
    types = {p.name: p.type for p in model.params}
    diags: list[Diagnostic] = []
    if isinstance(defines, Mapping):
        items: list[tuple[str, object] | None] = list(defines.items())
    else:
        items = [_split(d, i + 1, diags) for i, d in enumerate(defines)]
    for position, item in enumerate(items, start=1):
        if item is None:
            continue
        name, raw = item
        if name not in types:
            hint = suggest(name, list(types))
            if hint is not None:
                message = say("unknown-parameter-hint", name=name, hint=hint)
            elif not types:
                message = say("unknown-parameter-none", name=name)
            else:
                message = say("unknown-parameter", name=name, known=", ".join(f"'{k}'" for k in types))
            diags.append(Diagnostic("unknown-parameter", message, _where(position)))
            continue
        try:
            if isinstance(defines, Mapping):
                values[name] = check_value(name, raw, types[name], position)
            else:
                assert isinstance(raw, str)
                values[name] = parse_value(name, raw, types[name], position)
        except LfsmError as e:
            diags.extend(e.diagnostics)
    if not diags and constraints:
        diags = constraint_diagnostics(model, values)
    if diags:
        raise LfsmError(diags, dict(model.sources))
    return values


def _split(text: str, position: int, diags: list[Diagnostic]) -> tuple[str, str] | None:
    if "=" not in text:
        diags.append(Diagnostic("bad-option", say("bad-define", text=text), _where(position)))
        return None
    name, _, value = text.partition("=")
    return name.strip(" \t"), value.strip(" \t")  # str.strip() would also drop Unicode spaces
