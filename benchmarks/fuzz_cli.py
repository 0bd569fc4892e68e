"""The CLI fuzzer of tests/hardening/test_fuzz_cli.py, run for a given time instead of a fixed count.

Each case is a spec from the grammar, a byte mutation of a spec in tests/cases or spec/, or a
(possibly mutated) random valid system; ``lifefsm check`` and ``lifefsm compile`` run on it
in this process, and the promises of tests/hardening/cli_fuzzing.py are checked. Prints the
number of cases run and every broken promise; each offending spec is saved under --keep.

    python benchmarks/fuzz_cli.py [--minutes 30] [--seed 1] [--keep fuzz-findings]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hardening"))

import cli_fuzzing as F  # noqa: E402

TOKENS = [b"{", b"}", b"(", b")", b"->", b"on", b"when", b"do", b",", b"=", b"==", b"state", b"initial ", b"final ",
          b"not ", b"all x in app: ", b"self", b".", b"[0]", b"|", b"/*", b"//", b'"', b"\xd0\xb0", b"\xff", b"\x00",
          b"99999999999", b"0", b"-1", b"send ping to w[*]", b"reachable ", b"stable ", b"invariant ", b" / 0",
          b"count o in w: o in Busy", b"expect violated "]


def steps(rnd: random.Random) -> list[tuple[str, float, object]]:
    out: list[tuple[str, float, object]] = []
    for _ in range(rnd.randint(1, 6)):
        kind = rnd.choice(["insert", "delete", "replace", "duplicate", "truncate", "token", "token"])
        where = rnd.random()
        if kind == "insert":
            out.append((kind, where, bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4)))))
        elif kind == "replace":
            out.append((kind, where, bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 2)))))
        elif kind in ("delete", "duplicate"):
            out.append((kind, where, rnd.randint(1, 60)))
        elif kind == "truncate":
            out.append((kind, where, 0))
        else:
            out.append((kind, where, rnd.choice(TOKENS)))
    return out


def case(rnd: random.Random) -> tuple[str, bytes]:
    kind = rnd.choice(["grammar", "mutated", "mutated", "system", "mutated-system"])
    if kind == "grammar":
        return kind, F.grammar_case(rnd.randrange(2**32), rnd.randint(4, 18))
    if kind == "mutated":
        return kind, F.mutated_case(rnd.randrange(10**6), steps(rnd))
    if kind == "system":
        return kind, F.system_case(rnd.randrange(2**32), rnd.randint(1, 3), [])
    return kind, F.system_case(rnd.randrange(2**32), rnd.randint(1, 3), steps(rnd))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, default=Path("fuzz-findings"), help="where offending specs are saved")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    end = time.monotonic() + args.minutes * 60
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    broken = 0
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        while time.monotonic() < end:
            kind, data = case(rnd)
            kinds[kind] += 1
            out = F.run_case(data, work)
            statuses.update(f"{k}={v}" for k, v in out.statuses.items())
            if out.broken:
                broken += 1
                args.keep.mkdir(parents=True, exist_ok=True)
                saved = args.keep / f"case-{sum(kinds.values())}.lfsm"
                saved.write_bytes(data)
                print(f"BROKEN ({kind}, saved as {saved}):", *out.broken, sep="\n  ", flush=True)
    total = sum(kinds.values())
    print(f"{total} cases in {args.minutes:g} min ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    print("exit statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"{broken} case{'s' if broken != 1 else ''} broke a promise")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
