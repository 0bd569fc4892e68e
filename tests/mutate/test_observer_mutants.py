"""Observer mutants: a change inside an effect on a variable or clock only properties read is not scored.

The spec below keeps, in machine Worker:

* observers: ``seen`` and the clock ``oc`` (read by properties only) and ``tally`` (read by
  properties and by the assignment to ``seen``, itself an observer);
* mechanism: ``g`` (read by a guard), ``h`` (read only through the `let` ``low`` that a
  guard uses), ``f`` (read only by the assignment ``g = f``: the fixpoint makes it mechanism
  because ``g`` is) and ``x`` (read only by the other machine's guard, as ``w.x``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import lifefsm

from lifecycle_fsm import load_spec
from lifecycle_fsm.mutate.observers import observer_mutants, property_only
from lifecycle_fsm.mutate.operators import Mutant, mutants_of

SPEC = """\
machine Worker {
  var seen: bool = false
  var tally: 0..3 = 0
  var g: 0..2 = 0
  var h: 0..2 = 0
  var f: 0..2 = 0
  var x: bool = false
  clock oc
  input go, back
  initial state Idle
  state Busy
  Idle -> Busy on go when g < 2 and low
      do g = f, seen = true, tally = if tally >= 3 then 3 else tally + 1, reset oc, x = true
  Busy -> Idle on back do f = 1, h = 1, seen = tally > 1
  let low = h < 2
  property watched: invariant seen or tally == 0
  property timed: invariant self in Busy implies oc >= 0
}
machine Watcher {
  input look
  initial state Wait
  final state Saw
  Wait -> Saw on look when w.x
}
system S {
  instance w: Worker
  instance v: Watcher
}
"""

OBSERVER_IDS = {"drop-effect@w.lfsm:13:17", "drop-effect@w.lfsm:13:30", "drop-effect@w.lfsm:13:75",
                "drop-effect@w.lfsm:14:41"}


def write(tmp_path: Path, text: str = SPEC) -> Path:
    p = tmp_path / "w.lfsm"
    p.write_text(text, encoding="utf-8")
    return p


def test_observers_guard_reads_let_reads_and_other_machines_are_told_apart(tmp_path: Path) -> None:
    only = property_only(load_spec(write(tmp_path)))
    assert only == {"Worker": frozenset({"seen", "tally", "oc"}), "Watcher": frozenset()}


def test_the_fixpoint_what_a_mechanism_assignment_reads_is_mechanism(tmp_path: Path) -> None:
    # with the guard no longer reading g, g = f is an assignment to a property-only variable: f is one too
    only = property_only(load_spec(write(tmp_path, SPEC.replace("when g < 2 and low", "when low"))))
    assert only["Worker"] == {"seen", "tally", "oc", "g", "f"}


def test_a_read_by_another_machine_is_mechanism(tmp_path: Path) -> None:
    only = property_only(load_spec(write(tmp_path, SPEC.replace(" when w.x", ""))))
    assert only["Worker"] == {"seen", "tally", "oc", "x"}


def test_mutants_of_observer_effects_are_classified(tmp_path: Path) -> None:
    model = load_spec(write(tmp_path))
    mutants = mutants_of(model.sources, tmp_path)
    found = observer_mutants(model, mutants)
    assert set(found) == OBSERVER_IDS
    assert "variable Worker.seen is read by no guard" in found["drop-effect@w.lfsm:13:17"]
    assert "clock Worker.oc" in found["drop-effect@w.lfsm:13:75"]
    # dropping an effect on g, f (fixpoint), h (let) or x (another machine) is a model mutant
    for ident in ("drop-effect@w.lfsm:13:10", "drop-effect@w.lfsm:14:27", "drop-effect@w.lfsm:14:34",
                  "drop-effect@w.lfsm:13:85"):
        assert ident in {m.id for m in mutants} and ident not in found


def test_an_edit_inside_an_observer_effect_is_classified_one_across_effects_is_not(tmp_path: Path) -> None:
    model = load_spec(write(tmp_path))
    name, text = model.sources[0]

    def edit(old: str, new: str) -> Mutant:
        start = text.index(old)
        return Mutant(f"edit:{old}", "bound+1", name, start, start + len(old), new, 1, 1, "", old, new)

    inside = edit("tally + 1", "tally + 2")  # within the right-hand side of 'tally = ...'
    across = edit("seen = true, tally", "tally")  # touches two effects
    mechanism = edit("g = f", "g = 1")
    assert set(observer_mutants(model, [inside, across, mechanism])) == {inside.id}


def test_mutate_lists_and_reports_observers_and_does_not_score_them(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    write(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, err = lifefsm(["mutate", "w.lfsm", "--list"], capsys)
    assert status == 0, err
    assert out.splitlines()[-1] == "21 mutants (4 observer, not checked)"
    assert out.count("observer, not checked: changes only what properties observe") == 4
    status, out, err = lifefsm(["mutate", "w.lfsm", "-j", "1", "--json", "m.json"], capsys)
    assert status == 0, err
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["counts"]["observer"] == 4
    fates = {m["id"]: m for m in data["mutants"]}
    assert {i for i, m in fates.items() if m["status"] == "observer"} == OBSERVER_IDS
    assert all(fates[i]["configurations_checked"] == 0 and fates[i]["observer_reason"] for i in OBSERVER_IDS)
    counted = sum(data["counts"][k] for k in ("killed", "survived", "undecided"))
    assert data["score"]["non_equivalent"] == counted
    assert "observer (not checked, not scored" in out
    assert "  drop-effect@w.lfsm:13:17  changes only what properties observe: variable Worker.seen" in out
    # --mutate-observers checks them as before
    status, out, err = lifefsm(["mutate", "w.lfsm", "-j", "1", "--mutate-observers", "--json", "all.json"], capsys)
    assert status == 0, err
    everything = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert everything["counts"]["observer"] == 0
    assert all(m["status"] != "observer" for m in everything["mutants"])
    assert everything["score"]["non_equivalent"] == counted + 4 - sum(
        1 for m in everything["mutants"] if m["id"] in OBSERVER_IDS and m["status"] == "rejected")
