"""A receiver's guards that read a field an earlier receiver of the same step changed at run time.

Found by `lifefsm mutate spec/pod.lfsm` (mutant `retarget=Done@pod/container.lfsm:683:13`: a
container that receives its own `other_started` goes to Done): the step program reads such a
field back out of the successor once, while compiling the guards, and each arm of the receiver
must start from that read, not from before it. Before the fix every arm wrote the field back as
an unreadable 'deferred' value and the code generator failed with an AssertionError (a traceback
from `lifefsm check` on a valid spec) on the Python and the native engine alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lifecycle_fsm import load_spec
from lifecycle_fsm.checker import check_model
from lifecycle_fsm.checker.search import bfs

SPEC = Path(__file__).resolve().parents[2] / "spec"
LINE = "  Exited -> Exited on other_started when self_sent do self_sent = false"


def test_a_self_send_that_changes_the_leaf_compiles_and_checks(tmp_path: Path) -> None:
    shutil.copytree(SPEC, tmp_path / "spec")
    container = tmp_path / "spec" / "pod" / "container.lfsm"
    text = container.read_text(encoding="utf-8")
    assert text.count(LINE) == 1
    container.write_text(text.replace(LINE, LINE.replace("Exited -> Exited", "Exited -> Done")), encoding="utf-8")
    # the defaults (an init container and a sidecar) are where the step program needs the read
    r = check_model(load_spec(tmp_path / "spec" / "pod.lfsm"), None, max_states=20_000, search=bfs)
    assert r.stored_states >= 20_000 and not r.complete and r.states > 0
