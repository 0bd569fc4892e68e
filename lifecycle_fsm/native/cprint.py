"""The step program printed as a C module for the native runtime (ABI.md, "What the printer of the
step program must emit").

One module serves a whole check: the program is built with every check live, and each check is
guarded by the runtime's open flags (``lf_open``, ``lf_reach_open``), so decided properties stop
costing without regenerating code. The same order as the Python printer (pyprint.py): the state's
checks, the moves instance by instance, the tick. Deadlock is the runtime's (``lf_model_final``).

Model errors: a failing expression or a ``Fail`` jumps to the error exit of the enclosing ``Try``
(``goto``); violations recorded by a move are kept in a local buffer and reported only when the
move gives its successor, so a move that then hits a model error reports none (the Python
engine's ``undo``). A property whose expression fails (``property_error``) is reported as a model
error; the caller knows the module has such checks (``CModule.property_errors``) and re-runs the
Python engine, which tells which property failed, when the search finds a model error.

Names from the spec appear only in comments, through ``escape.c_comment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import Any

from ..checker import program as p
from ..checker.build import Plan
from ..checker.exprs import Memo
from ..checker.moves import Live
from ..checker.plan import Field
from ..checker.program import Node, Nodes, atoms_read, fields_read
from ..checker.stepgen import predicate_program, step_program
from ..checker.symmetry import array_offsets
from ..escape import c_comment
from .cexpr import CExpr, Ranges, TooWide, leaf_test
from .ctables import hex_word, move_table, sym_table, words_of

__all__ = ["CModule", "TooWide", "print_module"]


STEP = "static __attribute__((noinline)) void {}(lf_ctx *X, const lf_word *s, const int64_t *st)"
# a step function of the second unit (hidden: the first unit's lf_model_expand calls it), and its
# declaration in the first
STEP_B = '__attribute__((noinline, visibility("hidden"))) void {}(lf_ctx *X, const lf_word *s, const int64_t *st)'
STEP_DECL = '__attribute__((visibility("hidden"))) void {}(lf_ctx *X, const lf_word *s, const int64_t *st);'

# gcc -O2's time on a step function, in bytes of its text: about its length plus STEP_OVERHEAD
# (measured one function at a time on the pod's module: 3.2-4.7 us a byte for the four of
# 43-79 kB, 2-11 us a byte for the ones of 1-15 kB). RUNTIME_WEIGHT: what the first unit compiles
# besides its step functions and the model's tables, in the same bytes (the pod's first unit
# without step functions: 0.65 s of gcc CPU; a tiny model's whole module 0.44-0.57 s; at about
# 2.75 us a byte, some 200 kB). docs/performance.md, "Cold check".
STEP_OVERHEAD = 10_000
RUNTIME_WEIGHT = 200_000


@dataclass(frozen=True, slots=True)
class Parts:
    """A module's text in the pieces a build in two units rearranges (CModule.units)."""

    head: str  # the comment, the #defines and #include "lf_runtime.h"
    tables: str  # tables, lf_model_init, lf_model_final
    stable: str  # the stable-property predicates lf_sp<j> (step functions call them: in both units)
    preds: str  # the liveness predicates and lf_model_pred
    steps: tuple[tuple[str, str], ...]  # (name, text) of each step function, in order
    tail: str  # lf_model_expand and #include "lf_engine.c"


@dataclass(frozen=True, slots=True)
class CModule:
    source: str
    preds: list[tuple[int | None, int]]  # per plan.checks.live: (lhs predicate or None, rhs predicate)
    property_errors: bool  # some property's expression may fail (reported as a plain model error)
    parts: Parts | None = None  # the same text in pieces (None: a module found in the cache)

    def step_bytes(self) -> int:
        return 0 if self.parts is None else sum(len(text) for _, text in self.parts.steps)

    def units(self, split_above: int | None) -> tuple[str, ...]:
        """The module as the texts of its translation units: ``(source,)``, or two units when its
        step functions have more than ``split_above`` bytes (None: never). The step
        functions go, the largest first, to the unit with less to compile so far, the first unit
        counting RUNTIME_WEIGHT for the runtime it compiles, so that gcc takes about as long on each
        (built in parallel: native/build.py). The same code either way: the functions are the
        same text, and only the hooks' and the moved functions' linkage differ."""
        parts = self.parts
        if parts is None or not parts.steps or split_above is None or self.step_bytes() <= split_above:
            return (self.source,)
        a, b = RUNTIME_WEIGHT + len(parts.tables) + len(parts.preds) + len(parts.tail), 0
        second: set[str] = set()
        for name, text in sorted(parts.steps, key=lambda x: -len(x[1])):  # each to the lighter unit
            if b < a:
                second.add(name)
                b += len(text) + STEP_OVERHEAD
            else:
                a += len(text) + STEP_OVERHEAD
        first = ["#define LF_SPLIT 1\n" + parts.head, parts.tables, parts.stable, parts.preds]
        first += [text for name, text in parts.steps if name not in second]
        first += [STEP_DECL.format(name) + "\n" for name, _ in parts.steps if name in second]
        other = ["#define LF_SPLIT 2\n" + parts.head, parts.stable]
        for name, text in parts.steps:
            if name in second:
                other.append(STEP_B.format(name) + text[len(STEP.format(name)):])
        return "".join(first + [parts.tail]), "".join(other)


@dataclass(slots=True)
class _Call(p.Stmt):
    """lf_model_expand calls a step function (one per instance's leaf, or per top-level statement)."""

    name: str


def _full_live(plan: Plan) -> Live:
    c = plan.checks
    pids = {x.pid for x in c.invariants} | {m.pid for m in c.monitors} | {w.pid for w in c.whens}
    pids |= {x.pid for x in c.stable}
    return Live(pids, set(range(len(c.reach))), False, True, {m.pid for m in c.monitors if m.kind == "precedes"})


class _Printer:
    def __init__(self, plan: Plan, program: p.Program):
        self.plan = plan
        self.program = program
        self.fields = plan.layout.fields
        self.ranges = Ranges(self.fields)
        self.cx = CExpr(self.ranges)
        self.out: list[str] = []
        self.depth = 1
        self.labels = count()
        self.label: str | None = None
        self.locals: set[str] = set()
        self.works: set[int] = set()
        self.nviol = 0
        self.property_errors = False
        self.stables = {j: (pid, node, risky) for j, pid, node, risky in program.stables}

    def line(self, text: str) -> None:
        self.out.append("    " * self.depth + text)

    def e(self, n: Node) -> str:
        return self.cx.text(n, self.label)

    def block(self, stmts: list[p.Stmt]) -> None:
        for s in stmts:
            self.stmt(s)

    def stmt(self, s: p.Stmt) -> None:  # noqa: C901 - one case per statement
        if isinstance(s, p.Set):
            self.works.add(s.k)
            self.line(f"w{s.k} = {self.e(s.value)};")
        elif isinstance(s, p.Let):
            self.locals.add(s.name)
            self.line(f"L_{s.name} = {self.e(s.value)};")
        elif isinstance(s, p.If):
            for i, (cond, body) in enumerate(s.arms):
                self.line(("if (" if i == 0 else "} else if (") + self.e(cond) + ") {")
                self.indented(body)
            if s.orelse is not None:
                self.line("} else {")
                self.indented(s.orelse)
            self.line("}")
        elif isinstance(s, p.Switch):
            subj = self.e(s.subject)
            self.line(f"switch ({subj}) {{")
            for value, body in s.cases:
                self.line(f"case {value}: {{")
                self.indented(body + [p.Comment("")], brk=True)
                self.line("}")
            self.line("default: break;")
            self.line("}")
        elif isinstance(s, p.Try):
            i = next(self.labels)
            outer, self.label = self.label, f"E{i}"
            self.line("{")
            self.indented(s.body)
            self.line(f"    goto D{i};")
            self.line("}")
            self.label = outer
            self.line(f"E{i}: {{")
            self.indented(s.handler)
            self.line("}")
            self.line(f"D{i}: ;")
        elif isinstance(s, p.Event):
            self.event(s)
        elif isinstance(s, p.Successor):
            if s.base == "s":
                self.line("memcpy(n, s, sizeof n);")
            self.changes(s.changes)
        elif isinstance(s, p.Reload):
            f = self.fields[s.k]
            self.works.add(s.k)
            self.line(f"w{s.k} = (int64_t)lf_get(n, {f.offset}, {f.bits}) + INT64_C({f.lo});")
        elif isinstance(s, p.Add):
            self.line(f"w{s.k} += INT64_C({s.delta});")
        elif isinstance(s, p.Bound):
            conds = ([] if s.lo is None else [f"w{s.k} < INT64_C({s.lo})"]) + \
                    ([] if s.hi is None else [f"w{s.k} > INT64_C({s.hi})"])
            self.line(f"if ({' || '.join(conds)}) goto {CExpr.need(self.label)};")
        elif isinstance(s, p.Fail):
            self.line(f"goto {CExpr.need(self.label)};")
        elif isinstance(s, p.Tick):
            self.tick(s)
        elif isinstance(s, p.Pass):
            self.line(";")
        elif isinstance(s, _Call):
            self.line(f"{s.name}(X, s, st);")
        else:
            assert isinstance(s, p.Comment), s
            if s.text:
                self.line(f"/* {c_comment(s.text)} */")

    def changes(self, changes: list[tuple[Field, Any, Any]]) -> None:
        """Write a successor's changed fields: the constants that lie within one word as one masked
        store per word (the pod's module has 3,510 inlined lf_put calls, 2,498 of them constants
        that merge so; gcc compiles it in 12 % less CPU), the rest with lf_put. When the fields
        are distinct the order of the stores does not matter; otherwise each is written in turn."""
        distinct = len({f.offset for f, _, _ in changes}) == len(changes)
        words: dict[int, tuple[int, int]] = {}
        for f, new, _ in changes:
            sh = f.offset & 63
            if distinct and new.is_const and sh + f.bits <= 64:
                ones = (1 << f.bits) - 1
                mask, value = words.get(f.offset >> 6, (0, 0))
                words[f.offset >> 6] = (mask | ones << sh, value | ((int(new.const) - f.lo) & ones) << sh)
            else:
                v = f"INT64_C({int(new.const)})" if new.is_const else self.e(new.node)
                self.line(f"lf_put(n, {f.offset}, {f.bits}, (uint64_t)({v} - INT64_C({f.lo})));")
        for w, (mask, value) in sorted(words.items()):
            self.line(f"n[{w}] = (n[{w}] & ~UINT64_C({mask:#x})) | UINT64_C({value:#x});")

    def indented(self, body: list[p.Stmt], brk: bool = False) -> None:
        self.depth += 1
        self.block(body)
        if brk:
            self.line("break;")
        self.depth -= 1

    def tick(self, s: p.Tick) -> None:
        self.line("memcpy(n, s, sizeof n);")
        self.line("{")
        self.depth += 1
        self.line("int moved_clock = 0;")
        for k in s.clocks:
            f = self.fields[k]
            self.line(f"if (f{k} < INT64_C({f.hi})) {{ lf_put(n, {f.offset}, {f.bits}, "
                      f"(uint64_t)(f{k} + 1 - INT64_C({f.lo}))); moved_clock = 1; }}")
        self.line("if (moved_clock || lf_graph_mode(X)) {")
        self.indented(s.then)
        self.line("}")
        self.depth -= 1
        self.line("}")

    def event(self, ev: p.Event) -> None:
        kind, args = ev.kind, ev.args
        if kind == "succ":
            move, _, changed = args
            self.successor(move, changed)
        elif kind == "violation":
            pid, move = args
            if pid == -1:
                self.line(f"npv = 0; lf_error(X, {move});")
            elif move == -1:
                self.line(f"lf_viol(X, {pid}, -1);")
            else:
                self.nviol += 1
                self.line(f"pv[npv++] = {pid};")
        elif kind == "property_error":
            self.property_errors = True
            self.line(f"lf_error(X, {args[1]});" if args[1] == -1 else f"npv = 0; lf_error(X, {args[1]});")
        elif kind == "undo":
            self.line("npv = 0;")
        elif kind == "overflow":  # kept with the violations: reported with the successor, dropped on an error
            self.nviol += 1
            self.line(f"pv[npv++] = {-2 - args[0]};")
        elif kind == "reach":
            self.line(f"lf_reached(X, {args[0]});")
        elif kind in ("moved", "cover"):
            self.line(";")
        elif kind == "zreset":  # symbolic successors (zprint.py): a reset is a zone operation
            self.line(f"lf_zreset(X, {args[0]});")
        elif kind == "zwhen":  # ... an only-when condition judged on the step's pre-zone: bit 1 false, bit 2 error
            i, pid, _ = args
            self.nviol += 2
            self.line(f"{{ int v = lf_zwhen(X, {i}, s); if (v & 1) pv[npv++] = {pid}; "
                      f"if (v & 2) pv[npv++] = LF_ZPERR + {pid}; }}")
        elif kind == "gcheck":  # ... and the one move being run ends where its guard's part has no integer point
            self.line("if (!lf_gcheck(X)) return;")
        else:
            raise AssertionError(kind)

    def successor(self, move: int, changed: frozenset[int]) -> None:
        for j, (pid, node, _) in self.stables.items():
            if not changed & fields_read([node]):
                continue
            self.line(f"if (L_st{j}) {{")
            self.line(f"    int v = lf_sp{j}(n);")
            self.line(f"    if (v == 0) pv[npv++] = {pid};")
            self.line(f"    else if (v == 2) lf_error(X, {move});")
            self.line("}")
            self.nviol += 1
            self.property_errors = True if self.stables[j][2] else self.property_errors
        self.line(f"for (int i = 0; i < npv; i++) if (pv[i] >= 0) lf_viol(X, pv[i], {move}); "
                  "else lf_over(X, -2 - pv[i]);")
        self.line("npv = 0;")
        self.line(f"lf_succ(X, {move}, n);")

    # -- the module's functions --
    def reads(self, used: set[int], src: str = "s") -> list[str]:
        out = []
        for k in sorted(used):
            f = self.fields[k]
            out.append(f"    const int64_t f{k} = (int64_t)lf_get({src}, {f.offset}, {f.bits}) + INT64_C({f.lo});")
        return out

    def expand(self) -> tuple[list[tuple[str, list[str]]], list[str]]:
        """``lf_model_expand``: the state's checks, then one function per top-level statement of the
        moves and the tick (an instance's moves each: gcc's optimiser is superlinear in the size of a
        function, so one function per instance compiles several times faster than one in all).
        The step functions (name, lines) and lf_model_expand's lines."""
        prog = self.program
        self.ranges.statements(prog.body())
        nst = max([j + 1 for j in self.stables] + [1])
        parts: list[tuple[str, list[str]]] = []
        calls: list[p.Stmt] = []  # what lf_model_expand runs after its checks: calls, and switches of calls
        for i, top in enumerate(_groups(prog.moves) + ([prog.tick] if prog.tick else [])):
            if isinstance(top, p.Switch) and len(top.cases) > 1:  # an instance's leaves: a function each
                cases: list[tuple[int, list[p.Stmt]]] = []
                for c, (value, body) in enumerate(top.cases):
                    parts.append((f"lf_step{i}_{c}", self.function(STEP.format(f"lf_step{i}_{c}"), body, nst,
                                                                    checks=False)))
                    cases.append((value, [_Call(f"lf_step{i}_{c}")]))
                calls.append(p.Switch(top.subject, cases))
            else:
                body = [top] if isinstance(top, p.Switch) else top
                parts.append((f"lf_step{i}", self.function(STEP.format(f"lf_step{i}"), body, nst, checks=False)))
                calls.append(_Call(f"lf_step{i}"))
        head = self.function("static void lf_model_expand(lf_ctx *X, const lf_word *s)", prog.checks, nst,
                             checks=True, calls=calls)
        return parts, head

    def function(self, signature: str, stmts: list[p.Stmt], nst: int, checks: bool,
                 calls: list[p.Stmt] | None = None) -> list[str]:
        self.depth = 1
        self.out = []
        self.works = set()
        self.locals = set()
        self.nviol = 0
        shared = self.cx.hoist(_roots(stmts + (calls or [])))
        for st in stmts:
            pid = _only_pid(st) if checks else None
            if checks and isinstance(st, p.Let) and st.name.startswith("st"):
                pid = self.stables[int(st.name[2:])][0]
            if pid is not None:
                self.line(f"if (lf_open(X, {pid})) {{")
                self.indented([st])
                self.line("}")
            else:
                self.stmt(st)
        if calls is not None:
            flags = ", ".join(f"L_st{j}" if j in self.stables else "0" for j in range(nst))
            self.line(f"int64_t st[{nst}] = {{{flags}}};")
            self.block(calls)
        body = self.out
        head = [signature + " {", *self.reads(_all_fields(stmts + (calls or []))), *shared,
                "    lf_word n[LF_WORDS];", f"    int pv[{max(1, self.nviol)}]; int npv = 0;",
                "    (void)n; (void)pv; (void)npv;"]
        head += [f"    int64_t w{k} = 0; (void)w{k};" for k in sorted(self.works)]
        names = self.locals | _locals_read(stmts)
        if checks:
            names |= {f"st{j}" for j in self.stables}
        for name in sorted(names):
            if name.startswith("st") and name[2:].isdigit() and not checks:
                continue
            init = f"lf_reach_open(X, {name[1:]})" if name.startswith("r") and name[1:].isdigit() else "0"
            head.append(f"    int64_t L_{name} = {init}; (void)L_{name};")
        if not checks:
            head += [f"    const int64_t L_st{j} = st[{j}]; (void)L_st{j};" for j in self.stables]
            head.append("    (void)st;")
        return head + body + ["}"]

    def predicate(self, name: str, node: Node, risky: bool) -> list[str]:
        self.cx.temps = {}
        self.ranges.node(node)
        i = next(self.labels)
        self.label = f"E{i}" if risky else None
        text = self.cx.text(node, self.label)
        self.label = None
        out = [f"static int {name}(const lf_word *s) {{", *self.reads(fields_read([node])),
               f"    return {text} ? 1 : 0;"]
        if risky:
            out += [f"E{i}:", "    return 2;"]
        return out + ["}"]


def _groups(moves: list[p.Stmt]) -> list[p.Switch | list[p.Stmt]]:
    """The moves cut where a function may start: each Switch (an instance's leaves), and each move
    of an instance whose leaf is known (its statements, from its Comment on, straight-line)."""
    out: list[p.Switch | list[p.Stmt]] = []
    cur: list[p.Stmt] = []
    for st in moves:
        if isinstance(st, (p.Switch, p.Comment)) and cur:
            out.append(cur)
            cur = []
        if isinstance(st, p.Switch):
            out.append(st)
        else:
            cur.append(st)
    if cur:
        out.append(cur)
    return out


def _only_pid(st: p.Stmt) -> int | None:
    """The one property a state check reports (None: a reach check or several)."""
    pids = {e.args[0] for e in _events(st) if e.kind in ("violation", "property_error")}
    if any(e.kind == "reach" for e in _events(st)) or len(pids) != 1:
        return None
    return pids.pop()  # type: ignore[no-any-return]


def _events(st: p.Stmt) -> list[p.Event]:
    return [s for s in _walk([st]) if isinstance(s, p.Event)]


def _walk(stmts: list[p.Stmt]) -> list[p.Stmt]:
    out: list[p.Stmt] = []
    for s in stmts:
        out.append(s)
        if isinstance(s, p.If):
            for _, b in s.arms:
                out += _walk(b)
            out += _walk(s.orelse or [])
        elif isinstance(s, p.Switch):
            for _, b in s.cases:
                out += _walk(b)
        elif isinstance(s, p.Try):
            out += _walk(s.body) + _walk(s.handler)
        elif isinstance(s, p.Tick):
            out += _walk(s.then)
    return out


def _roots(stmts: list[p.Stmt]) -> list[Node]:
    out: list[Node] = []
    for s in _walk(stmts):
        if isinstance(s, (p.Set, p.Let)):
            out.append(s.value)
        elif isinstance(s, p.If):
            out += [c for c, _ in s.arms]
        elif isinstance(s, p.Switch):
            out.append(s.subject)
        elif isinstance(s, p.Successor):
            out += [new.node for _, new, _ in s.changes if not new.is_const]
    return out


def _all_fields(stmts: list[p.Stmt]) -> set[int]:
    used = fields_read(_roots(stmts))
    for s in _walk(stmts):
        if isinstance(s, p.Tick):
            used |= set(s.clocks)
    return used


def _locals_read(stmts: list[p.Stmt]) -> set[str]:
    return atoms_read(_roots(stmts), "local")


def print_module(plan: Plan, nodes: Nodes | None = None, memo: Memo | None = None) -> CModule:
    """The C module of ``plan`` (raises TooWide when some value may leave 64-bit integers)."""
    for f in plan.layout.fields:
        if f.bits > 62:
            raise TooWide(f"a field of {f.bits} bits")
        Ranges.check((f.lo, f.hi), f.name)  # raises TooWide for a range beyond the exact int64 values
    nodes = nodes if nodes is not None else Nodes()
    memo = memo if memo is not None else {}
    program = step_program(plan, _full_live(plan), "explore", nodes, memo)
    pr = _Printer(plan, program)
    steps, expand = pr.expand()
    bits = plan.layout.total_bits
    words = max(1, (bits + 63) // 64)
    out = [f"/* lifefsm native checker module: system {c_comment(plan.system.name)} */",
           f"#define LF_WORDS {words}", f"#define LF_BITS {bits}", f"#define LF_NMOVES {len(plan.moves)}",
           f"#define LF_NPROPS {len(plan.checks.props) - 1}", f"#define LF_NREACH {len(plan.checks.reach)}"]
    # liveness predicates: one per distinct (expression, binding)
    preds: list[tuple[int | None, int]] = []
    pred_fns: list[list[str]] = []
    seen: dict[int, int] = {}

    def pred(expr: object, bind: object) -> int:
        node, risky = predicate_program(plan, expr, bind, nodes, memo)  # type: ignore[arg-type]
        key = node.uid * 2 + risky
        if key not in seen:
            seen[key] = len(pred_fns)
            pred_fns.append(pr.predicate(f"lf_pred{len(pred_fns)}", node, risky))
        return seen[key]

    for c in plan.checks.live:
        lhs = pred(c.lhs, c.bind) if c.lhs is not None else None
        preds.append((lhs, pred(c.rhs, c.bind)))
    arrays = array_offsets(plan)
    out += [f"#define LF_NPREDS {len(pred_fns)}", f"#define LF_NSYM {len(arrays)}",
            f"#define LF_HAS_DEADLOCK {int(bool(plan.checks.deadlock))}", '#include "lf_runtime.h"', ""]
    head, out = out, []
    mask = ", ".join(map(hex_word, words_of(plan.layout.model_mask, words)))
    out.append(f"static const lf_word lf_model_mask[LF_WORDS] = {{{mask}}};")
    out.append(f"static const lf_move_info lf_model_moves[LF_NMOVES] = {{{', '.join(move_table(plan, arrays))}}};")
    out += sym_table(plan, arrays)
    init = plan.init
    out.append("static void lf_model_init(lf_word *s) {")
    out += [f"    s[{i}] = {hex_word(w)};" for i, w in enumerate(words_of(init, words)) if w]
    out.append("}")
    out += _final(plan, pr)
    stable: list[str] = []
    for j, (_, node, risky) in pr.stables.items():
        stable += pr.predicate(f"lf_sp{j}", node, risky)
    live: list[str] = []
    for fn in pred_fns:
        live += fn
    live.append("static int lf_model_pred(int k, const lf_word *s) {")
    live.append("    switch (k) {")
    live += [f"    case {k}: return lf_pred{k}(s);" for k in range(len(pred_fns))]
    live += ["    default: (void)s; return 2;", "    }", "}"]
    tail = [*expand, '#include "lf_engine.c"', ""]
    parts = Parts(_text(head), _text(out), _text(stable), _text(live),
                  tuple((name, _text(lines)) for name, lines in steps), "\n".join(tail))
    source = "".join([parts.head, parts.tables, parts.stable, parts.preds, *(x for _, x in parts.steps), parts.tail])
    return CModule(source, preds, pr.property_errors, parts)


def _text(lines: list[str]) -> str:
    """Lines as text, each ended by a newline (the pieces of Parts join to the module's text)."""
    return "".join(x + "\n" for x in lines)


def _final(plan: Plan, pr: _Printer) -> list[str]:
    tests: list[str] = []
    used: set[int] = set()
    leaf_field: dict[int, int] = {}  # instance -> its leaf field
    for k, f in enumerate(plan.layout.fields):
        if f.kind == "leaf":
            leaf_field.setdefault(f.gid, k)
    for inst in plan.instances:
        finals = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).final]
        k = leaf_field[inst.gid]
        used.add(k)
        tests.append(leaf_test(f"f{k}", finals))
    return ["static int lf_model_final(const lf_word *s) {", *pr.reads(used),
            f"    return {' && '.join(tests) or '1'};", "}"]
