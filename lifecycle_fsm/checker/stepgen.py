"""The step program of a plan: the state's checks, every move, the tick and the deadlock check.

``step_program(plan, live, mode, cache)`` builds the ``Program`` one expansion of a state runs
(``program.py`` documents its shape): state invariants are checked when a state is expanded,
ordering and only-when checks inside the step that triggers them, deadlock after all moves
of a state are known. ``mode``: ``explore`` (the search), ``succ`` (successors only: no checks,
for the liveness graph and tests), ``cover`` (``explore`` plus the first firing of every
(instance, transition) pair), ``zsucc`` (the symbolic successors of native/zprint.py: the moves
only, clocks read as zone atoms, each move wrapped in a ``begin`` test so that the runtime runs one
move at a time; docs/design/symbolic-time.md, 9.1). A program of ``zsucc`` needs its own ``memo``:
its clock reads compile to other nodes. Checks whose property is decided are left out (``live``); the
monitors stay, so stored states never change meaning.
"""

from __future__ import annotations

from .build import Plan
from .exprs import ExprCompiler, Memo, Reader, Val, const, leaf_node
from .moves import Fields, Live, MoveGen, leaf_set_test, violation
from .plan import Move
from .program import Event, If, Let, Node, Nodes, Pass, Program, Stmt, Switch, Tick, Try, atom
from .props import Binding


def step_program(plan: Plan, live: Live, mode: str, nodes: Nodes, memo: Memo) -> Program:
    return _Builder(plan, live, mode, nodes, memo).program()


class _Builder:
    def __init__(self, plan: Plan, live: Live, mode: str, nodes: Nodes, memo: Memo):
        self.plan = plan
        self.live = live
        self.mode = mode
        self.nodes = nodes
        self.memo = memo
        self.fields = Fields(plan, symbolic=mode == "zsucc")

    def program(self) -> Program:
        out = Program(self.plan.layout.fields)
        if self.mode == "zsucc":  # symbolic successors: the moves only (no checks, no tick)
            out.moves = self.moves()
            return out
        if self.mode != "succ":
            out.checks = self.checks()
        for j in self.stables():
            c = self.plan.checks.stable[j]
            e = self.pre_compiler(c.bind).compile(c.expr)
            out.stables.append((j, c.pid, e.node, not e.safe))
        out.moves = self.moves()
        out.tick = self.tick()
        if self.live.deadlock and self.mode != "succ":
            out.deadlock = self.deadlock()
        return out

    def compiler(self, read: Reader, bind: Binding, ctx: object = None) -> ExprCompiler:
        return ExprCompiler(self.plan.instances, self.plan.arrays(), self.plan.params, read, bind.self_gid,
                            dict(bind.bound), self.nodes, self.memo, ctx)

    def pre(self, gid: int, kind: str, key: str) -> Val:
        return self.fields.pre(self.fields.k(gid, kind, key))

    def pre_compiler(self, bind: Binding) -> ExprCompiler:
        """Expressions over the state being expanded, nothing known about it."""
        return self.compiler(self.pre, bind, ("state",))

    def stables(self) -> list[int]:
        if self.mode != "explore":
            return []
        return [j for j, c in enumerate(self.plan.checks.stable) if c.pid in self.live.pids]

    def checks(self) -> list[Stmt]:
        """The checks of the state itself: invariants first (their values are then known to the
        guards below), the 'stable' checks' values before the steps, and the witnesses still wanted."""
        out: list[Stmt] = []
        for c in self.plan.checks.invariants:
            if c.pid not in self.live.pids:
                continue
            comp = self.pre_compiler(c.bind)
            e = comp.compile(c.expr)
            if e.is_const and e.const:
                continue
            found: list[Stmt] = [violation(c.pid, -1)] if e.is_const else [If([(comp.negate(e.node),
                                                                              [violation(c.pid, -1)])])]
            out += found if e.safe else [Try(found, [Event("property_error", (c.pid, -1))])]
        for j in self.stables():
            c = self.plan.checks.stable[j]
            e = self.pre_compiler(c.bind).compile(c.expr)
            if e.safe:
                out.append(Let(f"st{j}", e.node))
                continue
            out.append(Try([Let(f"st{j}", e.node)],
                           [Let(f"st{j}", const(False).node), Event("property_error", (c.pid, -1))]))
        for j, c in enumerate(self.plan.checks.reach):
            if j not in self.live.reach:
                continue
            e = self.pre_compiler(c.bind).compile(c.expr)
            if e.is_const and not e.const:
                continue
            seen: list[Stmt] = [Event("reach", (j,)), Let(f"r{j}", const(False).node)]
            if not e.is_const:
                seen = [If([(e.node, seen)])]
            if not e.safe:
                seen = [Try(seen, [Event("property_error", (c.pid, -1))])]
            out.append(If([(atom("local", f"r{j}"), seen)]))
        return out

    def moves(self) -> list[Stmt]:
        gen = MoveGen(self.plan, self.fields, self.live, self.nodes, self.memo, cover=self.mode == "cover")
        by_inst: dict[int, list[Move]] = {}
        for mv in self.plan.moves[1:]:
            by_inst.setdefault(mv.gid, []).append(mv)
        out: list[Stmt] = []
        for inst in self.plan.instances:
            mvs = by_inst.get(inst.gid, [])
            lk = self.fields.k(inst.gid, "leaf")
            leaf_c = self.fields.pre(lk)
            cases: list[tuple[int, list[Stmt]]] = []
            for li, name in enumerate(inst.machine.leaves):
                if leaf_c.is_const and leaf_c.const != li:
                    continue
                here: list[Stmt] = []
                for mv in mvs:
                    assert mv.transition is not None
                    if name in mv.transition.sources:
                        stmts = gen.move(mv, li)
                        if self.mode == "zsucc" and stmts:  # run one move at a time (the runtime's choice)
                            stmts = [If([(self.nodes.make("begin", data=mv.id), stmts)])]
                        here += stmts
                if not here:
                    continue
                if leaf_c.is_const:
                    out += here
                else:
                    cases.append((li, here))
            if cases:
                out.append(Switch(leaf_c.node, cases))
        return out

    def tick(self) -> list[Stmt]:
        """Time passes unless an instance is in an urgent leaf or, after the increment, some
        instance's leaf invariant fails (judged instance by instance, stopping at the first that fails)."""
        fields = self.fields
        nodes = self.nodes
        urgent: list[Val] = []
        for inst in self.plan.instances:
            leaves = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).urgent]
            t = leaf_set_test(fields, inst.gid, leaves, len(inst.machine.leaves), nodes)
            if t.is_const and t.const:
                return []  # always urgent: time never passes
            if not t.is_const:
                urgent.append(t)
        clocks = [k for k, f in enumerate(fields.list) if f.kind == "clock" and f.bits]

        def ticked(gid: int, kind: str, key: str) -> Val:
            k = fields.k(gid, kind, key)
            f = fields.list[k]
            if kind == "clock" and f.bits:
                return Val(nodes.make("satinc", fields.pre(k).node, data=f.hi), None, 0, f.hi)
            return fields.pre(k)

        parts: list[Val] = []  # per instance: its leaf's invariants hold after the increment
        for inst in self.plan.instances:
            comp = self.compiler(ticked, Binding(inst.gid), ("tick",))
            leaf_c = fields.pre(fields.k(inst.gid, "leaf"))
            cases: list[tuple[list[int], Val]] = []
            for li, name in enumerate(inst.machine.leaves):
                invs = inst.machine.state(name).invariants
                if not invs or (leaf_c.is_const and leaf_c.const != li):
                    continue
                e = comp.chain("and", [comp.compile(x) for x in invs])
                if e.is_const and e.const:
                    continue
                for ls, c in cases:
                    if c.node is e.node:
                        ls.append(li)
                        break
                else:
                    cases.append(([li], e))
            if not cases:
                continue
            if leaf_c.is_const:
                parts.append(cases[0][1])
                continue
            acc = const(True)
            for ls, e in reversed(cases):
                acc = Val(nodes.make("cond", leaf_node(nodes, leaf_c.node, ls), e.node, acc.node), None, None, None,
                          e.safe and acc.safe)
            parts.append(acc)
        comp = self.pre_compiler(Binding(None))
        ok = comp.chain("and", parts)
        if ok.is_const and not ok.const:
            return []
        body: list[Stmt] = [Tick(clocks, [Event("succ", (0, True, frozenset(clocks)))])]
        if not ok.is_const:
            body = [If([(ok.node, body)])]
        if not ok.safe:
            moved: list[Stmt] = [Event("moved")] if self.live.deadlock and self.mode != "succ" else []
            body = [Try(body, moved + ([violation(-1, 0)] if self.live.errors else [Pass()]))]
        if urgent:
            body = [If([(comp.negate(comp.chain("or", urgent).node), body)])]
        return body

    def deadlock(self) -> list[Stmt]:
        parts: list[Val] = []
        for inst in self.plan.instances:
            finals = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).final]
            parts.append(leaf_set_test(self.fields, inst.gid, finals, len(inst.machine.leaves), self.nodes))
        comp = self.pre_compiler(Binding(None))
        done = comp.chain("and", parts)
        if done.is_const and done.const:
            return []
        dead: list[Stmt] = [Event("dead")]
        if not done.is_const:
            dead = [If([(comp.negate(done.node), dead)])]
        return [If([(self.nodes.make("not", atom("local", "moved")), dead)])]


def invariant_program(plan: Plan, nodes: Nodes, memo: Memo) -> tuple[Node, bool, Node]:
    """For symbolic successors: (every leaf invariant of every instance, in instance order, with
    clocks read as zone atoms; whether it may raise; some instance is in an urgent leaf)."""
    b = _Builder(plan, Live(), "zsucc", nodes, memo)
    fields = b.fields
    parts: list[Val] = []
    urgent: list[Val] = []
    for inst in plan.instances:
        leaves = [i for i, n in enumerate(inst.machine.leaves) if inst.machine.state(n).urgent]
        urgent.append(leaf_set_test(fields, inst.gid, leaves, len(inst.machine.leaves), nodes))
        comp = b.pre_compiler(Binding(inst.gid))
        leaf_c = fields.pre(fields.k(inst.gid, "leaf"))
        acc = const(True)
        for li, name in reversed(list(enumerate(inst.machine.leaves))):
            invs = inst.machine.state(name).invariants
            if not invs or (leaf_c.is_const and leaf_c.const != li):
                continue
            e = comp.chain("and", [comp.compile(x) for x in invs])
            if leaf_c.is_const:
                acc = e
                continue
            acc = Val(nodes.make("cond", leaf_node(nodes, leaf_c.node, [li]), e.node, acc.node), None, None, None,
                      e.safe and acc.safe)
        parts.append(acc)
    comp = b.pre_compiler(Binding(None))
    ok = comp.chain("and", parts)
    return ok.node, not ok.safe, comp.chain("or", urgent).node


def predicate_program(plan: Plan, expr: object, bind: Binding, nodes: Nodes, memo: Memo,
                      mode: str = "succ") -> tuple[Node, bool]:
    """(node, may raise) of a state predicate over the state being expanded (``mode`` "zsucc":
    clocks read as zone atoms, with the symbolic program's ``nodes`` and ``memo``)."""
    b = _Builder(plan, Live(), mode, nodes, memo)
    e = b.pre_compiler(bind).compile(expr)  # type: ignore[arg-type]
    return e.node, not e.safe


__all__ = ["invariant_program", "predicate_program", "step_program"]
