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

The conjuncts of the two guards are split into groups that share no atom, and each
group is decided on its own (the guards overlap when every group can hold). Nothing
is enumerated in a group whose product of domain sizes exceeds OVERLAP_LIMIT: the
answer is then None, "undecided", unless another group cannot hold.

The guards are evaluated by evaluate.py under each assignment (an ``Assignment``
answers its questions from the atoms' values), and bounds come from the interval
rules of intervals.py: the operators mean here what they mean everywhere else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import model as ir
from .evaluate import EvalError, evaluate
from .intervals import COMPARISONS, Interval, children, interval
from .symbols import MachineInfo

OVERLAP_LIMIT = 200_000  # assignments enumerated to decide whether two guards overlap


@dataclass(frozen=True)
class Verdict:
    """Whether two guards can hold at once (None: undecided), and if so a state where they do."""

    overlap: bool | None
    witness: tuple[tuple[str, ir.Value], ...] = ()


def guards_overlap(g1: ir.Expr, g2: ir.Expr, machines: Mapping[str, MachineInfo]) -> Verdict:
    """Can both guards hold in one state? With the values of the atoms that show it.

    The conjuncts of both guards fall into groups that share no atom; the guards overlap
    exactly when every group can hold (the groups' atoms are independent), so each group is
    enumerated on its own and the limit applies to each group's product, not to all atoms':
    ``reason == ByProbe`` against ``reason != ByProbe`` decides two guards however wide the
    rest of them is. A group that cannot hold decides "no overlap" even when another group is
    too wide to enumerate."""
    atoms: dict[object, ir.Expr] = {}
    literals: dict[object, set[int]] = {}  # atom -> the literals it is compared with
    compared: dict[object, list[ir.Expr]] = {}  # atom -> everything it is compared with
    mixed: set[object] = set()  # atoms used other than in 'atom OP literal'
    for g in (g1, g2):
        _survey(g, None, atoms, literals, compared, mixed)
    domains: dict[object, range | list[ir.Value]] = {}
    for key, atom in atoms.items():
        dom = _domain(atom, literals.get(key, set()), compared.get(key, []), key in mixed, machines)
        if dom is not None:
            domains[key] = dom
    found: dict[object, ir.Value] = {}
    undecided = False
    for group, keys in _groups(conjuncts(g1) + conjuncts(g2)):
        if any(k not in domains for k in keys):
            undecided = True
            continue
        if _product(domains[k] for k in keys) > OVERLAP_LIMIT:
            # too wide to enumerate: the conjuncts over the narrowest atoms alone may still be
            # exclusive (dropping conjuncts only widens what holds, so "cannot hold" stays exact)
            narrow = sorted(keys, key=lambda k: _product([domains[k]]))
            while narrow and _product(domains[k] for k in narrow) > OVERLAP_LIMIT:
                narrow.pop()
            kept = [c for c in group if set(_reads(c)) <= set(narrow)]
            if kept and _search(kept, [(k, domains[k]) for k in narrow]) is None:
                return Verdict(False)
            undecided = True
            continue
        part = _search(group, [(k, domains[k]) for k in keys])
        if part is None:
            return Verdict(False)
        found.update(part)
    if undecided:
        return Verdict(None)
    shown = ((atom_text(atoms[k]), found[k]) for k in atoms if k in found)
    return Verdict(True, tuple((text, v) for text, v in shown if text is not None))


def _groups(cs: list[ir.Expr]) -> list[tuple[list[ir.Expr], list[object]]]:
    """The conjuncts in groups connected by shared atoms, each with its atoms in first-use order."""
    reads = [_reads(c) for c in cs]
    parent = list(range(len(cs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, keys in enumerate(reads):
        for k in keys:
            if k in first:
                parent[root(i)] = root(first[k])
            else:
                first[k] = i
    groups: dict[int, tuple[list[ir.Expr], list[object]]] = {}
    for i, c in enumerate(cs):
        g = groups.setdefault(root(i), ([], []))
        g[0].append(c)
        g[1].extend(k for k in reads[i] if k not in g[1])
    return list(groups.values())


def _reads(c: ir.Expr) -> list[object]:
    """The atoms ``c`` reads, in first-use order."""
    seen: dict[object, ir.Expr] = {}
    _survey(c, None, seen, {}, {}, set())
    return list(seen)


def _product(doms: Iterable[range | list[ir.Value]]) -> int:
    total = 1
    for dom in doms:
        # len() of a range past 2**63 values raises OverflowError: measure it from its ends
        total *= max(dom.stop - dom.start if isinstance(dom, range) else len(dom), 1)
    return total


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
    quantifiers: dict[str, ir.QuantE] = {}
    ready: list[list[ir.Expr]] = [[] for _ in range(len(keys) + 1)]
    for c, need in zip(conjuncts, needs):
        ready[max((position[k] + 1 for k in need), default=0)].append(_opaque(c, quantifiers))
    values = dict(domains)
    env: dict[object, ir.Value] = {}
    world = Assignment(env, quantifiers)

    def holds(depth: int) -> bool:
        try:
            return all(evaluate(c, world) for c in ready[depth])
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
    """What an atom is known by (two nodes that read the same value share it); None: not an atom.

    A quantifier stands for its value as a whole (its body is never evaluated here);
    an instance's state is one atom however many ``in`` tests read it.
    """
    if isinstance(e, ir.ParamRef):
        return "param", e.name
    if isinstance(e, ir.VarRef):
        return "var", e.inst, e.name
    if isinstance(e, ir.MParamRef):
        return "mparam", e.inst, e.name
    if isinstance(e, ir.IndexOf):
        return "index", e.inst
    if isinstance(e, ir.InStateE):
        return "state", e.inst
    if isinstance(e, ir.QuantE):
        return e
    return None


class Assignment:
    """The context in which evaluate.py reads a guard under one assignment of values to its atoms.

    An instance stands for itself (``resolve``), so each question is answered by the
    value of the atom it names; a quantifier is read through the parameter that
    stands for it (see ``_opaque``).
    """

    def __init__(self, env: dict[object, ir.Value], quantifiers: dict[str, ir.QuantE]) -> None:
        self.env = env
        self.quantifiers = quantifiers

    def param(self, name: str) -> ir.Value:
        q = self.quantifiers.get(name)
        return self.env[q if q is not None else ("param", name)]

    def resolve(self, inst: ir.Inst, bound: dict[str, object]) -> object:
        return inst

    def var(self, inst: object, name: str) -> ir.Value:
        return self.env[("var", inst, name)]

    def mparam(self, inst: object, name: str) -> ir.Value:
        return self.env[("mparam", inst, name)]

    def state(self, inst: object) -> str:
        v = self.env[("state", inst)]
        assert isinstance(v, str)
        return v

    def index(self, inst: object) -> int:
        v = self.env[("index", inst)]
        assert isinstance(v, int)
        return v

    def members(self, array: str) -> list[object]:
        raise AssertionError("a quantifier is an atom: its body is never evaluated")


def _opaque(e: ir.Expr, quantifiers: dict[str, ir.QuantE]) -> ir.Expr:
    """``e`` with each quantifier replaced by a parameter standing for it (named in ``quantifiers``;
    the name cannot be written in a spec), so that evaluation reads the quantifier's value from
    the assignment instead of ranging over the array. ``e`` itself when it has no quantifier."""
    if isinstance(e, ir.QuantE):
        name = f"<quantifier {len(quantifiers)}>"
        quantifiers[name] = e
        return ir.ParamRef(name, ir.IntT() if e.kind == "count" else ir.BoolT())
    kids = children(e) if isinstance(e, ir.Not | ir.Neg | ir.Bin | ir.Cond) else ()
    new = tuple(_opaque(k, quantifiers) for k in kids)
    if all(a is b for a, b in zip(kids, new)):
        return e
    if isinstance(e, ir.Not | ir.Neg):
        return dataclasses.replace(e, operand=new[0])
    if isinstance(e, ir.Bin):
        return dataclasses.replace(e, left=new[0], right=new[1])
    assert isinstance(e, ir.Cond)
    return dataclasses.replace(e, cond=new[0], then=new[1], orelse=new[2])


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
    if isinstance(e, ir.Cond) and isinstance(parent, ir.Bin) and parent.op in COMPARISONS:
        # `(if c then x else y) OP lit` compares whichever branch is chosen with the literal: each
        # branch is used as `branch OP lit` (so `x` keeps its small literal domain), the condition
        # as itself
        _survey(e.cond, e, atoms, literals, compared, mixed)
        other = parent.right if parent.left is e else parent.left
        for branch in (e.then, e.orelse):
            _survey(branch, dataclasses.replace(parent, left=branch, right=other), atoms, literals, compared, mixed)
        return
    for c in children(e):
        _survey(c, e, atoms, literals, compared, mixed)


def _domain(atom: ir.Expr, lits: set[int], compared: list[ir.Expr], is_mixed: bool,
            machines: Mapping[str, MachineInfo]) -> range | list[ir.Value] | None:
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
            b = interval(other, _declared, mod_by_divisor=False)
            if b is None:
                return None
            top = max(top, b[1])
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


def _declared(e: ir.Expr) -> Interval | None:
    """Bounds of a leaf by its declaration: a literal, a reference to a bounded integer (None: unknown,
    as for a clock, a count or an index, which have no upper bound)."""
    if isinstance(e, ir.Lit):
        v = e.value
        return (v, v) if isinstance(v, int) and not isinstance(v, bool) else None
    if isinstance(e, (ir.ParamRef, ir.MParamRef, ir.VarRef)):
        t = e.type
        return (t.lo, t.hi) if isinstance(t, ir.IntT) and t.lo is not None and t.hi is not None else None
    return None
