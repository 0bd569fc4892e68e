"""A listed set of configurations for `lifefsm mutate`: `--configs FILE`, or SPEC.mutate beside the spec.

One configuration a line, written as the `-D` options of one `lifefsm check` run (without the
``-D``): ``NAME=VALUE`` pairs separated by blanks, over the spec's defaults. ``#`` starts a
comment that runs to the end of the line; blank lines are skipped::

    # spec/pod.mutate
    n_init=0 n_side=0 post=Exec pre=Exec      # exec hooks on a one-app pod
    n_init=1 n_side=0 post=NoHook pre=NoHook  # a regular init container

Every problem is reported at FILE:LINE:COLUMN with a stable code: a word that is not
``NAME=VALUE`` or a name given twice on one line or a line that repeats an earlier
configuration (``bad-configs-line``), a name that is not a parameter (``unknown-parameter``),
a value of the wrong type or out of range (``bad-parameter-value``,
``parameter-out-of-range``), a configuration that a `require` refuses
(``constraint-violated``), a file without any configuration (``no-configurations``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from .. import model as ir
from ..constraints import constraint_diagnostics
from ..diagnostics import Diagnostic, LfsmError
from ..messages import say
from ..params import bind_params
from ..source import Span
from ..sweep.run import SweepPlan
from ..sweep.space import build_space
from .files import read_text

_WORD = re.compile(r"\S+")


def _span(at: tuple[str, int, int], col0: int, length: int) -> Span:
    """``length`` characters from column ``col0`` (0-based) of line ``at`` = (file, number, offset)."""
    name, number, offset = at
    return Span(name, number, col0 + 1, number, col0 + 1 + length, offset + col0, offset + col0 + length)


def default_configs(spec: str) -> Path:
    """``spec/pod.lfsm`` -> ``spec/pod.mutate``: the configurations plain `lifefsm mutate SPEC` checks in."""
    return Path(spec).with_suffix(".mutate")


def read_configs(model: ir.Model, path: Path) -> SweepPlan:
    """The configurations listed in ``path``, in file order, as a plan `lifefsm mutate` can run."""
    started = time.perf_counter()
    text = read_text(path)
    name = str(path)
    diags: list[Diagnostic] = []
    rows: list[dict[str, ir.Value]] = []
    seen: dict[tuple[tuple[str, ir.Value], ...], int] = {}
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start_of_line = offset
        offset += len(line) + 1
        body = line.split("#", 1)[0]
        words = [(m.group(), m.start()) for m in _WORD.finditer(body)]
        if not words:
            continue
        at = (name, number, start_of_line)
        whole = _span(at, words[0][1], len(body.rstrip()) - words[0][1])
        pairs: list[str] = []
        where: list[Span] = []
        given: set[str] = set()
        bad = False
        for word, col0 in words:
            key, eq, value = word.partition("=")
            if not eq or not key or not value:
                diags.append(Diagnostic("bad-configs-line", say("sweep.configs-word", text=word),
                                        _span(at, col0, len(word))))
                bad = True
            elif key in given:
                diags.append(Diagnostic("bad-configs-line", say("sweep.configs-twice", name=key),
                                        _span(at, col0, len(word))))
                bad = True
            else:
                given.add(key)
                pairs.append(word)
                where.append(_span(at, col0, len(word)))
        if bad:
            continue
        try:
            values = bind_params(model, pairs, constraints=False)
        except LfsmError as e:
            # bind_params places each problem at the position of its pair among the pairs
            for d in e.diagnostics:
                place = where[d.span.column - 1] if d.span is not None and 1 <= d.span.column <= len(where) else whole
                diags.append(Diagnostic(d.code, d.message, place))
            continue
        refused = constraint_diagnostics(model, values)
        if refused:
            diags += [Diagnostic(d.code, d.message, whole) for d in refused]
            continue
        key_of = tuple(values.items())
        if key_of in seen:
            diags.append(Diagnostic("bad-configs-line", say("sweep.configs-repeated", line=seen[key_of]), whole))
            continue
        seen[key_of] = number
        rows.append(values)
    if diags:
        raise LfsmError(diags, {name: text})
    if not rows:
        raise LfsmError([Diagnostic("no-configurations", say("sweep.configs-empty"),
                                    Span(name, 1, 1, 1, 1, 0, 0))], {name: text})
    return SweepPlan(build_space(model, ()), 0, rows, time.perf_counter() - started, listed=name)
