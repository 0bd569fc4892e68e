"""Graphviz DOT text from the IR: one diagram per machine and an overview of each system.

Machine diagrams follow UML statechart conventions: compound states are
clusters with their own initial dot, final states have a double border, an
urgent state says so, invariants are printed in the state. Edge labels are
``event [guard] / effects``; the edge style tells the event kind (solid: input,
dashed: internal, blue: receive) and emitted signals are listed in the effects.
The system overview shows every instance declaration (arrays with their size
and a stacked shape), ``send`` edges, the cross-instance reads that guards make,
the definitions (``let``) and the properties with the guarantees they cite.
Everything is emitted in declaration order, so the text is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import model as ir
from ..escape import dot_str
from ..source import Span, written
from .bind import Bound
from .pretty import effect_text, expr_text, inst_text
from .writer import Writer

FONT = "Helvetica"
NOTE_BODIES = 12  # system overviews list property bodies only up to this many properties
WRAP = 44


def q(text: str) -> str:
    """A DOT double-quoted string (escape.dot_str: quotes, backslashes, newlines, unprintables)."""
    return dot_str(text)


def attrs(items: Iterable[tuple[str, str]]) -> str:
    parts = [f"{k}={v}" for k, v in items]
    return f" [{', '.join(parts)}]" if parts else ""


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Break a long label line at spaces so edge labels stay narrow."""
    out: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = "  " + word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return out


def _preamble(w: Writer, title: str, rankdir: str) -> None:
    w.line(f"graph [rankdir={rankdir}, compound=true, fontname={q(FONT)}, fontsize=12, labelloc=t, "
           f"nodesep=0.35, ranksep=0.45, label={q(title)}];")
    w.line(f"node [shape=box, style=rounded, fontname={q(FONT)}, fontsize=11];")
    w.line(f"edge [fontname={q(FONT)}, fontsize=9, arrowsize=0.7];")


def node_id(state: str) -> str:
    return q("s_" + state)


def _init_id(group: str | None) -> str:
    return q("init_" + (group or ""))


def _cluster(state: str) -> str:
    return q("cluster_" + state)


def machine_dot(m: ir.MachineDef) -> str:
    """The statechart of one machine."""
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(m.name)} {{")
    with w.indent():
        title = f"machine {m.name}"
        if m.params:
            title += "(" + ", ".join(f"{p.name}: {p.type}" for p in m.params) + ")"
        extras = []
        if m.vars:
            extras.append("var " + ", ".join(f"{v.name}: {v.type} = {expr_text(v.init)}" for v in m.vars))
        if m.clocks:
            extras.append("clock " + ", ".join(m.clocks))
        sigs = [e.name for e in m.events if e.kind == "signal"]
        if sigs:
            extras.append("signal " + ", ".join(sigs))
        legend = "solid: input   dashed: internal   blue: receive"
        _preamble(w, "\n".join([title, *extras, legend]), "LR")
        w.line(f"{_init_id(None)} [shape=point, width=0.12, label=\"\"];")
        _states(w, m, None)
        top_initial = next(s for s in m.states if s.parent is None and s.initial)
        w.line(f"{_init_id(None)} -> {_entry(m, top_initial.name)}{_entry_attrs(m, top_initial.name)};")
        # self-loops of one state and kind share one edge: separate loops' labels overlap in dot
        loops: dict[tuple[str, str], list[ir.TransitionDef]] = {}
        for t in m.transitions:
            for src in t.declared_sources:
                if src == t.declared_target and not m.state(src).children:
                    loops.setdefault((src, m.event(t.event).kind), []).append(t)
        for t in m.transitions:
            others = tuple(x for x in t.declared_sources if x != t.declared_target or m.state(x).children)
            if others:
                _edge(w, m, t, others)
            for src in t.declared_sources:
                group = loops.get((src, m.event(t.event).kind), [])
                if group and group[0] is t:
                    side = [k for (state, k) in loops if state == src].index(m.event(t.event).kind)
                    _loop(w, m, src, group, LOOP_PORTS[side % len(LOOP_PORTS)])
    w.line("}")
    return w.text()


LOOP_PORTS = ("n", "s", "e", "w")  # one side of the node for each kind of self-loop


def _loop(w: Writer, m: ir.MachineDef, state: str, group: list[ir.TransitionDef], port: str) -> None:
    label = "\n".join("\n".join(_label_lines(t)) for t in group)
    node = node_id(state)
    w.line(f"{node}:{port} -> {node}:{port}{attrs([('label', q(label)), *_kind_attrs(m, group[0])])};")


def _children(m: ir.MachineDef, parent: str | None) -> Iterator[ir.StateDef]:
    return (s for s in m.states if s.parent == parent)


def _states(w: Writer, m: ir.MachineDef, parent: str | None) -> None:
    for s in _children(m, parent):
        if s.children:
            w.line(f"subgraph {_cluster(s.name)} {{")
            with w.indent():
                label = s.name + "".join(f"\ninvariant {i}" for i in own_invariant_texts(m, s))
                urgent = s.urgent and (s.parent is None or not m.state(s.parent).urgent)
                if urgent:
                    label += "\nurgent"
                w.line(f"label={q(label)}; style=rounded; fontsize=11;")
                w.line(f"{_init_id(s.name)} [shape=point, width=0.1, label=\"\"];")
                _states(w, m, s.name)
                init = next(c for c in _children(m, s.name) if c.initial)
                w.line(f"{_init_id(s.name)} -> {_entry(m, init.name)}{_entry_attrs(m, init.name)};")
                if any(s.name in t.declared_sources for t in m.transitions):
                    # an invisible anchor ranked after every state inside, so edges leaving the
                    # compound state start at its far side instead of crossing it
                    w.line(f"{_exit_id(s.name)} [shape=point, style=invis, width=0.01, label=\"\"];")
                    for leaf in (x.name for x in m.states if x.leaf and _inside(m, x.name, s.name)):
                        w.line(f"{node_id(leaf)} -> {_exit_id(s.name)} [style=invis];")
            w.line("}")
        else:
            lines = [s.name]
            if s.urgent and (s.parent is None or not m.state(s.parent).urgent):
                lines.append("urgent")
            lines += [f"invariant {i}" for i in own_invariant_texts(m, s)]
            a = [("label", q("\n".join(lines)))]
            if s.final:
                a.append(("peripheries", "2"))
            if s.urgent:
                a.append(("style", q("rounded,bold")))
            w.line(f"{node_id(s.name)}{attrs(a)};")


def _exit_id(state: str) -> str:
    return q("exit_" + state)


def _inside(m: ir.MachineDef, leaf: str, ancestor: str) -> bool:
    cur: str | None = leaf
    while cur is not None:
        if cur == ancestor:
            return True
        cur = m.state(cur).parent
    return False


def own_invariant_texts(m: ir.MachineDef, s: ir.StateDef) -> list[str]:
    """A state's own invariants (not its ancestors'), as written when known."""
    inherited = m.state(s.parent).invariants if s.parent is not None else ()
    own = s.invariants[len(inherited):]
    texts = s.invariant_texts if len(s.invariant_texts) == len(own) else ("",) * len(own)
    return [t or expr_text(e) for e, t in zip(own, texts)]


def _entry(m: ir.MachineDef, state: str) -> str:
    """The node an edge into ``state`` ends at: the state, or the initial dot of its cluster."""
    return _init_id(state) if m.state(state).children else node_id(state)


def _entry_attrs(m: ir.MachineDef, state: str) -> str:
    return attrs([("lhead", _cluster(state))]) if m.state(state).children else ""


def _exit_node(m: ir.MachineDef, state: str) -> str:
    """An edge out of a compound state leaves from its exit anchor, clipped at the cluster."""
    return _exit_id(state) if m.state(state).children else node_id(state)


def _label_lines(t: ir.TransitionDef) -> list[str]:
    lines = [t.event]
    if t.guard is not None:
        lines += wrap(f"[{t.guard_text or expr_text(t.guard)}]")
    if t.effects:
        lines += wrap("/ " + ", ".join(effect_text(x) for x in t.effects))
    return lines


def _kind_attrs(m: ir.MachineDef, t: ir.TransitionDef) -> list[tuple[str, str]]:
    kind = m.event(t.event).kind
    if kind == "internal":
        return [("style", "dashed")]
    if kind == "receive":
        return [("color", q("#1f5fbf")), ("fontcolor", q("#1f5fbf"))]
    return []


def _edge(w: Writer, m: ir.MachineDef, t: ir.TransitionDef, sources: tuple[str, ...]) -> None:
    a: list[tuple[str, str]] = [("label", q("\n".join(_label_lines(t)))), *_kind_attrs(m, t)]
    for src in sources:
        e = list(a)
        if m.state(src).children:
            e.append(("ltail", _cluster(src)))
        if m.state(t.declared_target).children:
            e.append(("lhead", _cluster(t.declared_target)))
        w.line(f"{_exit_node(m, src)} -> {_entry(m, t.declared_target)}{attrs(e)};")


# ---- system overview -------------------------------------------------------------------


def system_dot(b: Bound) -> str:
    """Instances, sends between them, cross-instance reads, definitions and properties."""
    s = b.system
    w = Writer(indent_unit="  ")
    w.line(f"digraph {q(s.name)} {{")
    with w.indent():
        params = ", ".join(f"{k} = {_val(v)}" for k, v in b.params)
        _preamble(w, f"system {s.name}" + (f"\n{params}" if params else ""), "TB")
        decl_machine = {d.name: d.machine for d in s.instances}
        for d in s.instances:
            n = b.decl_size(d.name)
            head = f"{d.name}{'' if n is None else f'[{n}]'}: {d.machine}"
            args = ", ".join(f"{k} = {expr_text(v)}" for k, v in d.args)
            label = head + (f"\n({args})" if args else "")
            a = [("label", q(label))]
            if n is not None:
                a.append(("shape", "box3d"))
            w.line(f"{q('i_' + d.name)}{attrs(a)};")
        for src, dst, label, style in _system_edges(b, decl_machine):
            a = [("label", q(label))]
            if style == "read":
                a += [("style", "dotted"), ("color", q("#777777")), ("fontcolor", q("#777777")),
                      ("arrowhead", "open")]
            else:
                a += [("color", q("#1f5fbf")), ("fontcolor", q("#1f5fbf"))]
            w.line(f"{q('i_' + src)} -> {q('i_' + dst)}{attrs(a)};")
        notes = [f"let {let.name} = {let_source(b.model, let)}" for let in s.lets]
        props = _all_properties(b)
        for p in props:
            cites = f" [{', '.join(p.cites)}]" if p.cites else ""
            expect = "" if p.expect_holds else " (expected violated)"
            # a long list shows names only: the bodies are in the spec and the generated tests
            body = f": {property_source(b.model, p)}" if len(props) <= NOTE_BODIES else ""
            notes.append(f"property {p.owner}.{p.name}{cites}{expect}{body}")
        if notes:
            # "\\l" ends a left-justified line in DOT
            text = "".join(q(line)[1:-1] + "\\l" for n in notes for line in wrap(n, 80))
            w.line(f"{q('notes')} [shape=note, style=\"\", fontsize=9, label=\"{text}\"];")
    w.line("}")
    return w.text()


def _val(v: ir.Value) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def _evs(refs: tuple[ir.EvRef, ...]) -> str:
    return " | ".join(r.event if isinstance(r.inst, ir.SelfInst) else f"{inst_text(r.inst)}.{r.event}" for r in refs)


def property_source(model: ir.Model, p: ir.PropertyDef) -> str:
    """A property's body as written in the spec: definitions by name, comments dropped, spaces collapsed.

    The IR inlines every definition (``phase`` becomes getPhase in full), which no reader
    wants to see in a docstring or a diagram note; the rendering of the IR is the fallback
    when the source text is not at hand.
    """
    return _as_written(model, p.span, ":") or property_text(p)


def let_source(model: ir.Model, let: ir.LetDef) -> str:
    """A definition's value as written in the spec (see ``property_source``)."""
    return _as_written(model, let.span, "=") or expr_text(let.value)


def _as_written(model: ir.Model, span: Span, sep: str) -> str:
    """The text of ``span`` after the first ``sep`` as written ('' if unknown)."""
    _, found, body = written(dict(model.sources), span).partition(sep)
    return body.strip() if found else ""


def property_text(p: ir.PropertyDef) -> str:
    """A property's body in .lfsm syntax, rendered from the IR (definitions inlined)."""
    body = p.body
    if isinstance(body, ir.InvariantP):
        return "invariant " + expr_text(body.expr)
    if isinstance(body, ir.DeadlockP):
        return "deadlock free"
    if isinstance(body, ir.ReachableP):
        return "reachable " + expr_text(body.expr)
    if isinstance(body, ir.StableP):
        return "stable " + expr_text(body.expr)
    if isinstance(body, (ir.OrderP, ir.OnlyWhenP)):
        binder = f"for {body.binder.var} in {body.binder.array}: " if body.binder is not None else ""
        if isinstance(body, ir.OnlyWhenP):
            return f"{binder}{_evs(body.events)} only when {expr_text(body.cond)}"
        reset = f" reset on {_evs(body.reset)}" if body.reset else ""
        if body.kind == "only_after":
            return f"{binder}{_evs(body.first)} only after {_evs(body.second)}{reset}"
        if body.kind == "never_after":
            return f"{binder}never {_evs(body.first)} after {_evs(body.second)}{reset}"
        return f"{binder}{_evs(body.first)} precedes {_evs(body.second)}{reset}"
    fair = "" if body.fair else "unfair "
    if body.lhs is None:
        return f"{fair}eventually {expr_text(body.rhs)}"
    return f"{fair}{expr_text(body.lhs)} ~> {expr_text(body.rhs)}"


def _all_properties(b: Bound) -> list[ir.PropertyDef]:
    out = [p for m in b.machines() for p in m.properties]
    return out + list(b.system.properties)


def _system_edges(b: Bound, decl_machine: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(from decl, to decl, label, send|read), merged per pair, in first-seen order."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for d in b.system.instances:
        m = b.model.machine(d.machine)
        for t in m.transitions:
            for eff in t.effects:
                if isinstance(eff, ir.SendEvent):
                    dst = d.name if eff.kind == "self" or eff.instance is None else eff.instance
                    star = "[*]" if eff.kind == "all" else ""
                    _add(merged, (d.name, dst, "send"), f"{eff.event}{star} (on {t.event})")
        for name, other in _reads(m, decl_machine):
            if other != d.name:
                _add(merged, (d.name, other, "read"), f"reads {name}")
    return [(k[0], k[1], "\n".join(v), k[2]) for k, v in merged.items()]


def _add(merged: dict[tuple[str, str, str], list[str]], key: tuple[str, str, str], label: str) -> None:
    items = merged.setdefault(key, [])
    if label not in items:
        items.append(label)


def _reads(m: ir.MachineDef, decl_machine: dict[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    exprs: list[ir.Expr] = [t.guard for t in m.transitions if t.guard is not None]
    for t in m.transitions:
        exprs += [x.value for x in t.effects if isinstance(x, ir.Assign)]
    for e in exprs:
        for item in _refs(e, {}):
            if item not in out:
                out.append(item)
    return out


def _refs(e: ir.Expr, scope: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(name read, instance declaration) for every read of another instance in ``e``."""
    if isinstance(e, (ir.VarRef, ir.MParamRef, ir.IndexOf, ir.InStateE)):
        inst = e.inst
        what = e.name if isinstance(e, (ir.VarRef, ir.MParamRef)) else ("index" if isinstance(e, ir.IndexOf)
                                                                          else "state")
        if isinstance(inst, ir.NamedInst):
            yield what, inst.name
        elif isinstance(inst, ir.ElemInst):
            yield what, inst.array
            yield from _refs(inst.index, scope)
        elif isinstance(inst, ir.BoundInst) and inst.var in scope:
            yield what, scope[inst.var]
    elif isinstance(e, (ir.Not, ir.Neg)):
        yield from _refs(e.operand, scope)
    elif isinstance(e, ir.Bin):
        yield from _refs(e.left, scope)
        yield from _refs(e.right, scope)
    elif isinstance(e, ir.Cond):
        for sub in (e.cond, e.then, e.orelse):
            yield from _refs(sub, scope)
    elif isinstance(e, ir.QuantE):
        inner = dict(scope)
        inner[e.var] = e.array
        yield from _refs(e.body, inner)
