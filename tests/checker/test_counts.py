"""State counts computed by hand, with and without symmetry reduction."""

from __future__ import annotations

import pytest
from checker_support import spec

from lifecycle_fsm.checker import check_model

RING = """
param n: 1..6 = 3
machine Toggle {
  input flip
  initial state Off
  state On
  Off -> On on flip
  On -> Off on flip
}
system Ring {
  instance t[n]: Toggle
  property no_deadlock: deadlock free
  property some_on: reachable all x in t: x in On
}
"""

COUNTER = """
param k: 0..9 = 5
machine Counter {
  var c: 0..9 = 0
  input inc, dec
  initial state Counting
  Counting -> Counting on inc when c < k do c = c + 1
  Counting -> Counting on dec when c > 0 do c = c - 1
  property bounded: invariant c <= k
}
"""

HANDSHAKE = """
// Four-phase handshake: req up, ack up, req down, ack down.
machine Client {
  var req: bool = false
  internal up, down
  initial state Run
  Run -> Run on up when not req and not server.ack do req = true
  Run -> Run on down when req and server.ack do req = false
}
machine Server {
  var ack: bool = false
  internal grant, release
  initial state Run
  Run -> Run on grant when client.req and not ack do ack = true
  Run -> Run on release when not client.req and ack do ack = false
}
system Handshake {
  instance client: Client
  instance server: Server
  property alternates: invariant (server.ack implies client.req) or not client.req
  property no_deadlock: deadlock free
  property returns: client.req ~> not client.req
}
"""

TIMER = """
// A clock compared with 2 and bounded by 3: t saturates at its cap 3 (largest constant + 1).
machine Timer {
  clock t
  internal fire
  initial state Wait { invariant t <= 3 }
  final state Done
  Wait -> Done on fire when t >= 2
}
"""


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_ring_of_toggles(n: int) -> None:
    model = spec(RING)
    off = check_model(model, {"n": n}, symmetry=False)
    on = check_model(model, {"n": n}, symmetry=True)
    assert off.states == 2 ** n and off.transitions == n * 2 ** n
    assert on.states == (n + 1 if n >= 2 else 2) and on.full_states == 2 ** n
    assert on.ok and off.ok


@pytest.mark.parametrize("k", [0, 1, 5, 9])
def test_bounded_counter(k: int) -> None:
    r = check_model(spec(COUNTER), {"k": k})
    assert r.states == k + 1 and r.transitions == 2 * k and r.depth == k and r.ok


def test_four_phase_handshake() -> None:
    r = check_model(spec(HANDSHAKE))
    assert (r.states, r.transitions, r.depth) == (4, 4, 3) and r.ok


def test_timer_states_stop_at_the_cap() -> None:
    r = check_model(spec(TIMER))
    # Wait with t = 0, 1, 2, 3; Done reached at t = 2 or 3 and then ticking up to the cap 4
    assert r.states == 4 + 3 and r.ok


# A receiver whose only transition from one leaf is dead for its machine arguments: the
# generated step still needs a branch for that leaf (it once came out empty: a syntax error).
DEAD_RECEIVER = """
machine Boss {
  input go
  initial state Idle
  final state Done
  Idle -> Done on go do send stop to w[*]
}
machine Worker(soft: bool = false) {
  input work
  receive stop
  initial state Waiting
  state Busy
  final state Stopped
  Waiting -> Busy on work
  Waiting -> Stopped on stop
  Busy -> Stopped on stop when soft
}
system S {
  instance boss: Boss
  instance w[2]: Worker(soft = false)
  property no_deadlock: deadlock free
}
"""


def test_receiver_with_a_statically_dead_branch() -> None:
    r = check_model(spec(DEAD_RECEIVER), symmetry=False)
    # before go: each worker Waiting or Busy (4); go stops the Waiting ones, the Busy ones stay (4)
    assert r.complete and r.states == 4 + 4
    assert [p.holds for p in r.properties if p.name == "no_deadlock"] == [False]
