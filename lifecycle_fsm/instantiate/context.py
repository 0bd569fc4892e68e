"""Static evaluation inside an instantiated system: every element's arguments and index are known.

``SystemContext`` extends the one static context (``evaluate.StaticContext``) to the other
instances of a system: ``kubelet``, ``app[2]`` and the elements a binder or quantifier ranges
over resolve to ``Element``s, whose machine arguments and index are constants. Variables and
states still raise ``NotStatic``; the checker's interpreter (``checker/interp.World``) is this
context with a state to read them from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import model as ir
from ..evaluate import EvalError, StaticContext, evaluate
from ..messages import say
from .elements import Element


class SystemContext(StaticContext):
    """Parameters, and the elements of ``groups`` (declaration -> elements); ``self`` is ``me``."""

    def __init__(self, params: Mapping[str, ir.Value], groups: Mapping[str, Sequence[Element]],
                 me: Element | None = None) -> None:
        super().__init__(params, me)
        self.groups = groups

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        if isinstance(inst, ir.SelfInst):
            if self.me is None:
                raise EvalError(say("instantiate.self-outside-machine"))
            return self.me
        if isinstance(inst, ir.NamedInst):
            return self.groups[inst.name][0]
        if isinstance(inst, ir.BoundInst):
            return bound[inst.var]
        idx = evaluate(inst.index, self, bound)
        members = self.groups[inst.array]
        if not isinstance(idx, int) or isinstance(idx, bool) or not 0 <= idx < len(members):
            raise EvalError(say("instantiate.index-out-of-bounds", array=inst.array, index=idx, size=len(members)))
        return members[idx]

    def mparam(self, inst: object, name: str) -> ir.Value:
        return inst.arg(name)  # type: ignore[attr-defined, no-any-return]

    def index(self, inst: object) -> int:
        return inst.index  # type: ignore[attr-defined, no-any-return]

    def members(self, array: str) -> list[object]:
        return list(self.groups[array])


__all__ = ["SystemContext"]
