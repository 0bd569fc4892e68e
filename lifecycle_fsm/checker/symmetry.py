"""Symmetry reduction: sort the blocks of identical array elements to get one state per orbit.

Elements of an array whose spec cannot tell them apart (analysis.symmetric_arrays) have
blocks of equal layout; a state and all its permutations of those blocks behave alike, so
the search stores only the representative with blocks in ascending order. The number of
states the full search would have stored is recovered exactly from orbit sizes:
n! / (product of the factorials of the multiplicities of equal blocks), per array.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from math import factorial

from .build import Plan
from .exprgen import lit

UNROLL = 64  # arrays up to this many elements in all get an unrolled canon (faster); bigger ones a loop


def array_offsets(plan: Plan) -> list[tuple[str, list[int], int]]:
    """(array, block offsets of its elements, block mask) for every array reduced by symmetry."""
    out = []
    arrays = plan.arrays()
    for name in plan.symmetric:
        offs = [plan.layout.blocks[i.gid][0] for i in arrays[name]]
        width = plan.layout.blocks[arrays[name][0].gid][1]
        out.append((name, offs, (1 << width) - 1))
    return out


def canon_source(plan: Plan) -> str:
    """Python source of ``canon(n)``: the representative of ``n``'s orbit (identity when nothing is reduced)."""
    lines = ["def canon(n):"]
    parts = [(offs, mask) for _, offs, mask in array_offsets(plan) if mask]
    if not parts:
        lines.append("    return n")
        return "\n".join(lines) + "\n"
    keep = (1 << plan.layout.total_bits) - 1
    for offs, mask in parts:
        for o in offs:
            keep &= ~(mask << o)
    if sum(len(offs) for offs, _ in parts) > UNROLL:
        return _canon_loop(parts, keep)
    expr = [f"(n & {lit(keep)})"]
    for j, (offs, mask) in enumerate(parts):
        items = ", ".join(f"n >> {o} & {mask}" if o else f"n & {mask}" for o in offs)
        lines.append(f"    b{j} = sorted(({items}))")
        expr += [f"b{j}[{k}] << {o}" if o else f"b{j}[{k}]" for k, o in enumerate(offs)]
    lines.append("    return " + " | ".join(expr))
    return "\n".join(lines) + "\n"


def _canon_loop(parts: list[tuple[list[int], int]], keep: int) -> str:
    """``canon`` for big arrays: loops over offset tables instead of one expression per element
    (an unrolled expression of thousands of terms overflows the compiler's recursion limit)."""
    lines = [f"_CO = {tuple(tuple(offs) for offs, _ in parts)!r}", "def canon(n):", f"    r = n & {lit(keep)}"]
    for j, (_, mask) in enumerate(parts):
        lines.append(f"    offs = _CO[{j}]")
        lines.append(f"    for b, o in zip(sorted([n >> o & {mask} for o in offs]), offs):")
        lines.append("        r |= b << o")
    lines.append("    return r")
    return "\n".join(lines) + "\n"


def make_canon(plan: Plan) -> Callable[[int], int]:
    ns: dict[str, object] = {}
    exec(compile(canon_source(plan), "<lifefsm canon>", "exec"), ns)  # noqa: S102 - generated from the IR
    fn = ns["canon"]
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


def canon_perm(plan: Plan, n: int) -> tuple[int, tuple[tuple[int, ...], ...]]:
    """The representative of ``n`` and, per reduced array, where each element position moved to."""
    perms = []
    out = n
    for _, offs, mask in array_offsets(plan):
        blocks = [(n >> o) & mask for o in offs]
        order = sorted(range(len(offs)), key=lambda k: (blocks[k], k))
        pos = [0] * len(offs)
        for new, old in enumerate(order):
            pos[old] = new
        for o in offs:
            out &= ~(mask << o)
        for new, old in enumerate(order):
            out |= blocks[old] << offs[new]
        perms.append(tuple(pos))
    return out, tuple(perms)


def orbit_counter(plan: Plan) -> Callable[[int], int]:
    """A function giving the orbit size of a representative (its model bits only)."""
    specs = []
    for _, offs, mask in array_offsets(plan):
        mm = 0
        for f in plan.layout.fields:
            if f.kind != "mon" and f.gid >= 0 and plan.layout.blocks[f.gid][0] == offs[0]:
                mm |= f.mask << (f.offset - offs[0])
        specs.append((offs, mask & mm, factorial(len(offs))))

    def orbit(s: int) -> int:
        total = 1
        for offs, mm, nfact in specs:
            counts = Counter((s >> o) & mm for o in offs)
            size = nfact
            for c in counts.values():
                size //= factorial(c)
            total *= size
        return total

    return orbit


def model_counts(plan: Plan, stored: Iterable[int], canon: Callable[[int], int]) -> tuple[int, int]:
    """(model states as stored, model states without symmetry reduction) for the stored product states."""
    mask = plan.layout.model_mask
    full_mask = (1 << plan.layout.total_bits) - 1
    if mask == full_mask:
        reps: Iterable[int] = stored
        count = None
    else:
        reps = {canon(s & mask) for s in stored}
        count = len(reps)
    orbit = orbit_counter(plan)
    if not plan.symmetric:
        n = count if count is not None else sum(1 for _ in reps)
        return n, n
    full = 0
    n = 0
    for s in reps:
        full += orbit(s)
        n += 1
    return n, full
