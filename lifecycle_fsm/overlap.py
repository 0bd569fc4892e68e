"""Deciding whether two guards can hold at once, by enumerating the values they read.

Declaration order is never a priority in .lfsm, so two transitions on one event
from one state must have exclusive guards. The guards' *atoms* (variables,
clocks, parameters, instance states, and sub-expressions treated as free values:
quantifiers, ``x.index``, elements of arrays) are enumerated jointly; the
decision is exact for the atoms and can only over-report an overlap where a
free value stands for something more constrained, never miss one.

Domains are kept small without losing exactness:

* an integer atom that is only ever compared with literals (``restarts < 3``)
  takes its bounds and the values next to each literal: the guards cannot tell
  the other values apart;
* otherwise a bounded integer takes its whole range;
* a non-negative atom without a declared bound (a clock, ``count``, ``x.index``)
  takes 0 up to one past the largest value anything compared with it can reach,
  which is where a clock saturates; when that is unbounded, the question is
  undecided.

Nothing is enumerated (or even listed) when the product of the domain sizes
exceeds OVERLAP_LIMIT: the answer is then None, "undecided".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from . import model as ir
from .evaluate import EvalError, apply_binary
from .symbols import MachineInfo

OVERLAP_LIMIT = 200_000  # assignments enumerated to decide whether two guards overlap
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
Bounds = tuple[int | None, int | None]


@dataclass(frozen=True)
class Verdict:
    """Whether two guards can hold at once (None: undecided), and if so a state where they do."""

    overlap: bool | None
    witness: tuple[tuple[str, ir.Value], ...] = ()


def guards_overlap(g1: ir.Expr, g2: ir.Expr, machines: Mapping[str, MachineInfo]) -> Verdict:
    """Can both guards hold in one state? With the values of the atoms that show it."""
    atoms: dict[object, ir.Expr] = {}
    literals: dict[object, set[int]] = {}  # atom -> the literals it is compared with
    compared: dict[object, list[ir.Expr]] = {}  # atom -> everything it is compared with
    mixed: set[object] = set()  # atoms used other than in 'atom OP literal'
    for g in (g1, g2):
        _survey(g, None, atoms, literals, compared, mixed)
    domains: list[tuple[object, range | list[ir.Value]]] = []
    total = 1
    for key, atom in atoms.items():
        dom = _domain(key, atom, literals.get(key, set()), compared.get(key, []), key in mixed, atoms, machines)
        if dom is None:
            return Verdict(None)
        # len() of a range past 2**63 values raises OverflowError: measure it from its ends
        total *= max(dom.stop - dom.start if isinstance(dom, range) else len(dom), 1)
        if total > OVERLAP_LIMIT:
            return Verdict(None)
        domains.append((key, dom))
    found = _search(conjuncts(g1) + conjuncts(g2), domains)
    if found is None:
        return Verdict(False)
    shown = ((atom_text(atoms[k]), found[k]) for k, _ in domains)
    return Verdict(True, tuple((text, v) for text, v in shown if text is not None))


def conjuncts(e: ir.Expr) -> list[ir.Expr]:
    if isinstance(e, ir.Bin) and e.op == "and":
        return conjuncts(e.left) + conjuncts(e.right)
    return [e]


def _search(conjuncts: list[ir.Expr], domains: list[tuple[object, range | list[ir.Value]]],
            ) -> dict[object, ir.Value] | None:
    """An assignment of the atoms under which every conjunct is true, or None.

    The same assignments as the full product, visited depth first: atoms are assigned in
    the order the conjuncts with the fewest atoms need them, and a conjunct is evaluated
    as soon as its atoms are assigned, so a false one prunes everything below it. A
    conjunct that raises a model error counts as false (the pair is not both enabled).
    """
    needs: list[list[object]] = []
    for c in conjuncts:
        seen: dict[object, ir.Expr] = {}
        _survey(c, None, seen, {}, {}, set())
        needs.append(list(seen))
    keys: list[object] = []
    for i in sorted(range(len(conjuncts)), key=lambda i: len(needs[i])):
        keys += [k for k in needs[i] if k not in keys]
    keys += [k for k, _ in domains if k not in keys]
    position = {k: d for d, k in enumerate(keys)}
    ready: list[list[ir.Expr]] = [[] for _ in range(len(keys) + 1)]
    for c, need in zip(conjuncts, needs):
        ready[max((position[k] + 1 for k in need), default=0)].append(c)
    values = dict(domains)
    env: dict[object, ir.Value] = {}

    def holds(depth: int) -> bool:
        try:
            return all(_eval(c, env) for c in ready[depth])
        except EvalError:
            return False

    def dive(depth: int) -> bool:
        if not holds(depth):
            return False
        if depth == len(keys):
            return True
        key = keys[depth]
        for v in values[key]:
            env[key] = v
            if dive(depth + 1):
                return True
        del env[key]
        return False

    return dict(env) if dive(0) else None


def atom_text(e: ir.Expr) -> str | None:
    """How an atom reads in the spec, for the witness of an overlap (None: not worth showing)."""
    def inst(i: ir.Inst) -> str | None:
        if isinstance(i, ir.SelfInst):
            return ""
        if isinstance(i, ir.NamedInst):
            return i.name + "."
        if isinstance(i, ir.BoundInst):
            return i.var + "."
        return None

    if isinstance(e, ir.ParamRef):
        return e.name
    if isinstance(e, (ir.VarRef, ir.MParamRef)):
        prefix = inst(e.inst)
        return None if prefix is None else prefix + e.name
    if isinstance(e, ir.IndexOf):
        prefix = inst(e.inst)
        return None if prefix is None else (prefix or "self.") + "index"
    if isinstance(e, ir.InStateE):
        prefix = inst(e.inst)
        return None if prefix is None else f"the state of {prefix[:-1] or 'self'}"
    return None


def atom_key(e: ir.Expr) -> object | None:
    if isinstance(e, (ir.ParamRef, ir.MParamRef, ir.VarRef, ir.IndexOf, ir.QuantE)):
        return e
    if isinstance(e, ir.InStateE):
        return ("state", e.inst, e.machine)
    return None


def _survey(e: ir.Expr, parent: ir.Expr | None, atoms: dict[object, ir.Expr], literals: dict[object, set[int]],
            compared: dict[object, list[ir.Expr]], mixed: set[object]) -> None:
    """Collect the atoms of ``e`` and how each is used."""
    key = atom_key(e)
    if key is not None:
        atoms.setdefault(key, e)
        if isinstance(parent, ir.Bin) and parent.op in COMPARISONS:
            other = parent.right if parent.left is e else parent.left
            compared.setdefault(key, []).append(other)
            if isinstance(other, ir.Lit) and isinstance(other.value, int) and not isinstance(other.value, bool):
                literals.setdefault(key, set()).add(other.value)
                return
        mixed.add(key)
        return
    for c in _children(e):
        _survey(c, e, atoms, literals, compared, mixed)


def _domain(key: object, atom: ir.Expr, lits: set[int], compared: list[ir.Expr], is_mixed: bool,
            atoms: dict[object, ir.Expr], machines: Mapping[str, MachineInfo]) -> range | list[ir.Value] | None:
    if isinstance(atom, ir.InStateE):
        return list(machines[atom.machine].leaves())
    t = _atom_type(atom)
    if isinstance(t, ir.BoolT):
        return [False, True]
    if isinstance(t, ir.EnumT):
        return list(t.members)
    lo, hi = (t.lo, t.hi) if isinstance(t, ir.IntT) else (0, None)
    if lo is not None and hi is not None and lo > hi:
        return []
    if not is_mixed:  # only 'atom OP literal': the literals and their neighbours tell every case apart
        points = {v + d for v in lits for d in (-1, 0, 1)}
        points |= {lo} if lo is not None else set()
        points |= {hi} if hi is not None else set()
        return sorted(p for p in points if (lo is None or p >= lo) and (hi is None or p <= hi))
    if hi is None:
        top = 0
        for other in compared:
            b = _bounds(other, atoms)[1]
            if b is None:
                return None
            top = max(top, b)
        hi = top + 1  # where a clock saturates: larger values compare alike
    if lo is None:
        return None
    return range(lo, hi + 1)


def _atom_type(atom: ir.Expr) -> ir.Type:
    if isinstance(atom, (ir.ParamRef, ir.MParamRef, ir.VarRef)):
        return atom.type
    if isinstance(atom, ir.QuantE) and atom.kind != "count":
        return ir.BoolT()
    return ir.IntT()  # count, index: non-negative, no declared bound


def _bounds(e: ir.Expr, atoms: dict[object, ir.Expr]) -> Bounds:
    """An interval containing every value of ``e`` (None: unbounded on that side)."""
    if isinstance(e, ir.Lit):
        return (e.value, e.value) if isinstance(e.value, int) and not isinstance(e.value, bool) else (None, None)
    if isinstance(e, (ir.ParamRef, ir.MParamRef, ir.VarRef)):
        t = e.type
        if isinstance(t, ir.IntT):
            return t.lo, t.hi
        return (0, None) if isinstance(t, ir.ClockT) else (None, None)
    if isinstance(e, (ir.IndexOf, ir.QuantE)):
        return 0, None
    if isinstance(e, ir.Neg):
        lo, hi = _bounds(e.operand, atoms)
        return (-hi if hi is not None else None), (-lo if lo is not None else None)
    if isinstance(e, ir.Cond):
        (a, b), (c, d) = _bounds(e.then, atoms), _bounds(e.orelse, atoms)
        return (min(a, c) if a is not None and c is not None else None,
                max(b, d) if b is not None and d is not None else None)
    if isinstance(e, ir.Bin) and e.op in ("+", "-", "*", "/", "%"):
        x, y = _bounds(e.left, atoms), _bounds(e.right, atoms)
        if None in x or None in y:
            return None, None
        xs = [v for v in x if v is not None]
        ys = [v for v in y if v is not None]
        if e.op in ("/", "%"):
            m = max(abs(v) for v in xs)  # |a / b| <= |a| and |a % b| <= |a| for integers
            return -m, m
        corners = [apply_binary(e.op, a, b) for a in xs for b in ys]
        ints = [c for c in corners if isinstance(c, int) and not isinstance(c, bool)]
        return min(ints), max(ints)
    return None, None


def _children(e: ir.Expr) -> Iterator[ir.Expr]:
    if isinstance(e, (ir.Not, ir.Neg)):
        yield e.operand
    elif isinstance(e, ir.Bin):
        yield e.left
        yield e.right
    elif isinstance(e, ir.Cond):
        yield e.cond
        yield e.then
        yield e.orelse


def _eval(e: ir.Expr, env: dict[object, ir.Value]) -> ir.Value:
    key = atom_key(e)
    if key is not None:
        v = env[key]
        if isinstance(e, ir.InStateE):
            return v in e.states
        return v
    if isinstance(e, ir.Lit):
        return e.value
    if isinstance(e, ir.Not):
        return not _eval(e.operand, env)
    if isinstance(e, ir.Neg):
        v = _eval(e.operand, env)
        assert isinstance(v, int)
        return -v
    if isinstance(e, ir.Cond):
        return _eval(e.then if _eval(e.cond, env) else e.orelse, env)
    assert isinstance(e, ir.Bin)
    if e.op == "and":
        return bool(_eval(e.left, env)) and bool(_eval(e.right, env))
    if e.op == "or":
        return bool(_eval(e.left, env)) or bool(_eval(e.right, env))
    if e.op == "implies":
        return (not _eval(e.left, env)) or bool(_eval(e.right, env))
    return apply_binary(e.op, _eval(e.left, env), _eval(e.right, env))
