"""Instance declarations expanded at one binding: the one rule for sizes, arguments and element numbering.

Every declaration of a system, in declaration order, becomes a ``Declaration``: a single
instance is a declaration of one element, an array of ``n`` elements (``n`` evaluated at the
binding; 0 is allowed) has elements ``name[0]`` .. ``name[n-1]``. Elements are numbered
(``gid``) across the whole system in that order. Machine arguments (defaults filled in by
lowering) are constants over the parameters, evaluated once per declaration: every element of
an array has the same. Problems are ``LfsmError`` diagnostics at the declaration: a size that
is not an integer >= 0 (every such declaration is reported), more than ``MAX_INSTANCES``
elements in all, an argument that cannot be evaluated (``x / 0``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import model as ir
from ..diagnostics import Diagnostic, LfsmError
from ..evaluate import EvalError, StaticContext, evaluate
from ..messages import say
from .elements import Declaration, Element


def expand(model: ir.Model, system: ir.SystemDef, params: Mapping[str, ir.Value]) -> tuple[Declaration, ...]:
    """Every declaration of ``system`` at ``params`` (a complete, checked binding), elements numbered in order."""
    ctx = StaticContext(params)
    out: list[Declaration] = []
    diags: list[Diagnostic] = []
    gid = 0
    for d in system.instances:
        m = model.machine(d.machine)
        try:
            args = tuple((k, evaluate(v, ctx)) for k, v in d.args)
            size = evaluate(d.size, ctx) if d.size is not None else None
        except EvalError as e:
            raise LfsmError([Diagnostic("model-error", str(e), system.span)]) from None
        if size is None:
            out.append(Declaration(d.name, m, False, args, (Element(gid, d.name, d.name, 0, False, m, args),), d))
            gid += 1
            continue
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            diags.append(Diagnostic("bad-array-size", say("instantiate.bad-array-size", name=d.name, size=size),
                                    d.span))
            continue
        if gid + size > ir.MAX_INSTANCES:
            raise LfsmError([Diagnostic("too-many-instances", say("too-many-instances", name=d.name, size=size,
                                                                  limit=ir.MAX_INSTANCES),
                                        d.span)])
        elements = tuple(Element(gid + i, f"{d.name}[{i}]", d.name, i, True, m, args) for i in range(size))
        out.append(Declaration(d.name, m, True, args, elements, d))
        gid += size
    if diags:
        raise LfsmError(diags)
    return tuple(out)


__all__ = ["expand"]
