"""Random small specs for differential tests: a controller plus an array of identical workers.

Each spec is generated from a seed (deterministic) and always passes the front end: guards
on the same (state, event) are made exclusive by construction (one transition per state and
event, or two with complementary guards). The specs use every feature the checker compiles:
variables with arithmetic that can leave its range, clocks with invariants and urgent
states, quantifiers, broadcasts and receivers, signals, ordering monitors and liveness.
"""

from __future__ import annotations

import random

WORKER_STATES = ["Idle", "Busy", "Wait", "Done"]


def worker(rng: random.Random) -> str:
    lines = ["machine W {", "  var v: 0..3 = 0", "  clock t",
             "  internal stp, tock, nev", "  input poke", "  unfair internal drift", "  receive ping", "  signal S, T"]
    urgent = rng.choice(["", "Wait"])
    inv = rng.choice(["", "Busy"])
    for i, s in enumerate(WORKER_STATES):
        mods = ("initial " if i == 0 else "") + ("urgent " if s == urgent else "") + ("final " if s == "Done" else "")
        body = " { invariant t <= 2 }" if s == inv else ""
        lines.append(f"  {mods}state {s}{body}")
    guards = ["v < 3", "t >= 1", "ctl.mode == 1", "any o in w: o in Busy", "(count o in w: o in Wait) <= 1",
              "not (all o in w: o in Idle)", "v == 0 or t >= 2"]
    effects = ["v = v + 1", "v = (v + 1) % 4", "reset t", "emit S", "emit T", "v = 0"]
    for ev in ("stp", "tock", "poke", "drift"):
        for s in WORKER_STATES[:-1]:
            if rng.random() < 0.45:
                continue
            target = rng.choice(WORKER_STATES)
            effs = rng.sample(effects, rng.randint(0, 2))
            if any(e.startswith("v =") for e in effs):
                effs = [e for e in effs if not e.startswith("v =")] + [next(e for e in effs if e.startswith("v ="))]
            do = f" do {', '.join(effs)}" if effs else ""
            if rng.random() < 0.4:
                g = rng.choice(guards)
                other = rng.choice(WORKER_STATES)
                lines.append(f"  {s} -> {target} on {ev} when {g}{do}")
                lines.append(f"  {s} -> {other} on {ev} when not ({g})")
            else:
                lines.append(f"  {s} -> {target} on {ev}{do}")
    for s in WORKER_STATES[:-1]:
        if rng.random() < 0.5:
            lines.append(f"  {s} -> {rng.choice(WORKER_STATES)} on ping when ctl.mode >= 1 do emit T")
    lines.append("  property order1: S only after T reset on ping")
    lines.append("}")
    # every state must be reachable (statically): a path that is never enabled
    lines.insert(-2, "  Idle -> Busy on nev when false  Busy -> Wait on nev when false  Wait -> Done on nev when false")
    return "\n".join(lines)


def controller(rng: random.Random) -> str:
    guards = ["all o in w: o in Done", "any o in w: o.v >= 2", "true", "(count o in w: o in Busy) >= 1"]
    return "\n".join([
        "machine C {",
        "  var mode: 0..2 = 0",
        "  input go",
        "  internal settle",
        "  initial state A",
        "  state B",
        f"  A -> B on go when {rng.choice(guards)} do mode = 1, send ping to w[*]",
        f"  B -> A on settle when {rng.choice(guards)} do mode = {rng.choice(['0', '2', 'mode + 1'])}",
        "}",
    ])


def system(rng: random.Random, n: int) -> str:
    props = [
        "  property inv: invariant (count o in w: o in Busy) <= 1 or ctl.mode != 1",
        "  property dl: deadlock free",
        "  property ord: for o in w: never o.poke after ctl.go reset on ctl.settle",
        "  property pre: for o in w: o.T precedes o.S",
        "  property when: for o in w: o.S only when o.v >= 1",
        "  property fair_live: ctl.mode == 1 ~> (all o in w: o in Done)",
        "  property unfair_live: unfair eventually any o in w: o in Done",
        "  property fair_ev: eventually ctl in B",
        "  property reach: reachable all o in w: o.v == 2",
        "  property stab: stable all o in w: o in Done",
    ]
    return "\n".join(["system S {", "  instance ctl: C", f"  instance w[{n}]: W"] + props + ["}"])


def random_spec(seed: int, n: int = 2) -> str:
    rng = random.Random(seed)
    return worker(rng) + "\n" + controller(rng) + "\n" + system(rng, n) + "\n"
