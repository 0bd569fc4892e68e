"""The tables of a native module (ABI.md table 2) and the words of its constants, from the plan."""

from __future__ import annotations

from ..checker.build import Plan
from ..checker.liveness import fair_units


def hex_word(v: int) -> str:
    return f"UINT64_C({v:#x})"


def words_of(v: int, n: int) -> list[int]:
    return [(v >> (64 * i)) & ((1 << 64) - 1) for i in range(n)]


def move_table(plan: Plan, arrays: list[tuple[str, list[int], int]]) -> list[str]:
    """``lf_model_moves``: per move {unit, sym, elem, fev}: its weak-fairness unit (the tick 0, each
    (instance, fair event) its own from 1: liveness.fair_units), the reduced array
    and position of its instance, the index of its event among the machine's fair events."""
    units = fair_units(plan)
    members = plan.arrays()
    where = {i.gid: (a, j) for a, (name, _, _) in enumerate(arrays) for j, i in enumerate(members[name])}
    out = ["{0, -1, -1, -1}"]
    for mv in plan.moves[1:]:
        assert mv.transition is not None
        m = plan.instances[mv.gid].machine
        ev = m.event(mv.transition.event)
        unit = units[(mv.gid, ev.name)] if ev.fair else -1
        a, j = where.get(mv.gid, (-1, -1))
        fair_events = [e.name for e in m.events if e.fair]
        fev = fair_events.index(ev.name) if a >= 0 and ev.fair else -1
        out.append(f"{{{unit}, {a}, {j}, {fev}}}")
    return out


def sym_table(plan: Plan, arrays: list[tuple[str, list[int], int]]) -> list[str]:
    """``lf_model_sym``: per reduced array (symmetry.array_offsets) its element count, block width,
    fair events, model bits of a block and block offsets."""
    if not arrays:
        return []
    members = plan.arrays()
    out: list[str] = []
    rows: list[str] = []
    model = plan.layout.model_mask
    for a, (name, offs, mask) in enumerate(arrays):
        out.append(f"static const uint32_t lf_offs{a}[{len(offs)}] = {{{', '.join(map(str, offs))}}};")
        m = members[name][0].machine
        nfev = sum(1 for e in m.events if e.fair)
        mmask = (model >> offs[0]) & mask
        rows.append(f"{{{len(offs)}, {mask.bit_length()}, {nfev}, {hex_word(mmask)}, lf_offs{a}}}")
    out.append(f"static const lf_sym lf_model_sym[LF_NSYM] = {{{', '.join(rows)}}};")
    return out


__all__ = ["hex_word", "move_table", "sym_table", "words_of"]
