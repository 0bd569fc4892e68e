"""Seeded random small timed specs with ordering, only-when and stable properties, for the
tick-vs-symbolic differential (test_symbolic_random.py). Each seed gives one spec text."""

from __future__ import annotations

import random

STATES = ("A", "B", "C")
EVENTS = ("a", "b", "c", "d")


def _guard(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return ""
    if r < 0.75:
        return f" when t {rng.choice(('>=', '<=', '<', '>', '=='))} {rng.randint(0, 3)}"
    if r < 0.9:
        return f" when n {rng.choice(('<', '>=', '=='))} {rng.randint(0, 2)}"
    return f" when t >= {rng.randint(1, 3)} and n < 2"


def _effects(rng: random.Random) -> str:
    effs: list[str] = []
    if rng.random() < 0.4:
        effs.append("reset t")
    if rng.random() < 0.35:
        effs.append("n = n + 1")  # may leave 0..2: a model error on the part of the zone that gets there
    if rng.random() < 0.15:
        effs.append(f"late = t >= {rng.randint(1, 3)}")
    if rng.random() < 0.3:
        effs.append("emit S")
    if rng.random() < 0.25:
        effs.append(f"send poke to w[{rng.choice(('0', '1', 'n'))}]")  # w[n]: out of range at n = 2
    return (" do " + ", ".join(effs)) if effs else ""


def _occ(rng: random.Random) -> str:
    return rng.choice(["m." + e for e in EVENTS] + ["m.S", "w[0].poke", "w[1].poke"])


def _cond(rng: random.Random) -> str:
    return rng.choice([f"m.t >= {rng.randint(1, 3)}", f"m.t <= {rng.randint(0, 2)}", "m.n < 2", "m in B",
                       "w[m.n] in Q", "not m.late", f"m.t > {rng.randint(0, 2)} or m in C",
                       "w[0] in P"])


def _prop(rng: random.Random, k: int) -> str:
    kind = rng.choice(("only_after", "never", "precedes", "only_when", "stable", "stable"))
    x, y = _occ(rng), _occ(rng)
    reset = f" reset on {_occ(rng)}" if rng.random() < 0.25 else ""
    if kind == "only_after":
        body = f"{x} only after {y}{reset}"
    elif kind == "never":
        body = f"never {x} after {y}{reset}"
    elif kind == "precedes":
        body = f"{y} precedes {x}{reset}"
    elif kind == "only_when":
        body = f"{x} only when {_cond(rng)}"
    else:
        body = f"stable {_cond(rng)}"
    return f"  property p{k}: {body}"


def random_spec(seed: int) -> str:
    rng = random.Random(seed)
    lines = ["machine M {", "  clock t", "  var n: 0..2 = 0", "  var late: bool = false",
             "  input " + ", ".join(EVENTS), "  signal S", "  initial state A"]
    for st in STATES[1:]:
        r = rng.random()
        if r < 0.35:
            lines.append(f"  state {st} {{ invariant t <= {rng.randint(1, 4)} }}")
        elif r < 0.45:
            lines.append(f"  urgent state {st}")
        else:
            lines.append(f"  state {st}")
    first = [("A", rng.choice(EVENTS), "B"), ("B", rng.choice(EVENTS), "C")]  # every state reachable
    rest = [(s, e) for s in STATES for e in EVENTS if (s, e) not in {(a, b) for a, b, _ in first}]
    pairs = first + [(s, e, rng.choice(STATES)) for s, e in rng.sample(rest, rng.randint(1, 4))]  # deterministic
    for src, ev, dst in pairs:
        lines.append(f"  {src} -> {dst} on {ev}{_guard(rng)}{_effects(rng)}")
    lines += ["}", "machine W {", "  receive poke", "  initial state P", "  state Q",
              "  P -> Q on poke", "  Q -> P on poke", "}", "system Sys {", "  instance m: M",
              "  instance w[2]: W"]
    lines += [_prop(rng, k) for k in range(rng.randint(2, 4))]
    lines.append("}")
    return "\n".join(lines) + "\n"


__all__ = ["random_spec"]
