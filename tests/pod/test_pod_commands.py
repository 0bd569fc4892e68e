"""Exec command analysis (lifecycle_fsm/pod/commands.py): durations, the sh -c mistake, stopping the main process."""

from __future__ import annotations

import pytest

from lifecycle_fsm.pod.commands import analyse

DURATIONS = [
    (["sleep", "5"], "5 s"),
    (["/bin/sleep", "40"], "40 s"),
    (["/usr/bin/sleep", "1.5"], "1.5 s"),
    (["busybox", "sleep", "1m"], "60 s"),
    (["sleep", "1m", "30s"], "90 s"),
    (["sh", "-c", "sleep 15"], "15 s"),
    (["/bin/sh", "-c", "echo bye > /tmp/x; sleep 5"], "5 s"),
    (["bash", "-ec", "sleep 2 && sleep 3"], "5 s"),
    (["sh", "-c", "# drain\nsleep 5 2>/dev/null\necho done  # end"], "5 s"),
    (["sh", "-c", "exec sleep 7"], "7 s"),
    (["env", "A=1", "sleep", "3"], "3 s"),
    (["sleep", "infinity"], "never returns"),
    (["timeout", "10", "/app/drain"], "0-10 s"),
    (["/wait-shutdown"], "unknown: any duration"),
    (["sh", "-c", "sleep $DELAY"], "unknown: any duration"),
    (["sh", "-c", "sleep 5 &"], "unknown: any duration"),
    (["sh", "-c", "sleep 5; /drain.sh"], "at least 5 s, then unknown"),
    (["sh", "-c", "while true; do sleep 1; done"], "unknown: any duration"),
    (["sh", "script.sh"], "unknown: any duration"),
    (["sh", "-c", 'echo "unterminated'], "unknown: any duration"),
]


@pytest.mark.parametrize("argv,expected", DURATIONS, ids=[" ".join(a) for a, _ in DURATIONS])
def test_duration_is_read_from_the_recognised_forms_only(argv: list[str], expected: str) -> None:
    assert analyse(argv).duration.describe() == expected


def test_how_the_duration_was_read_is_said() -> None:
    assert analyse(["sh", "-c", "echo x; sleep 5"]).how == "reads 'sleep 5'"
    assert analyse(["/wait-shutdown"]).how == "'/wait-shutdown' is not a command whose duration lifefsm can read"
    assert analyse(["sh", "script.sh"]).how == "'sh' runs the script file 'script.sh'"
    assert analyse(["sh", "-c", "while true; do sleep 1; done"]).how == "the script loops (while/until/for)"


@pytest.mark.parametrize("argv,script,ignored,fails", [
    (["sh", "-c", "sleep", "5"], "sleep", ("5",), True),
    (["/bin/bash", "-c", "sleep", "infinity"], "sleep", ("infinity",), True),
    (["sh", "-ec", "kill", "1"], "kill", ("1",), True),
    (["sh", "-c", "echo", "hello"], "echo", ("hello",), False),
    (["sh", "-c", "sleep 5", "extra"], "sleep 5", ("extra",), False),
])
def test_sh_c_with_arguments_the_script_ignores(argv: list[str], script: str, ignored: tuple[str, ...],
                                                fails: bool) -> None:
    a = analyse(argv)
    assert a.sh_c_mistake is not None
    assert (a.sh_c_mistake.script, a.sh_c_mistake.ignored, a.sh_c_mistake.fails) == (script, ignored, fails)
    assert a.fails is fails


@pytest.mark.parametrize("argv", [
    ["sh", "-c", "sleep 5"],
    ["sh", "-c", 'exec "$@"', "--", "nginx"],
    ["sh", "-c", "sleep $1", "sh", "5"],
    ["bash", "-o", "pipefail", "-c", "sleep 1"],
    ["sleep", "5"],
])
def test_no_sh_c_mistake_when_arguments_are_used_or_absent(argv: list[str]) -> None:
    assert analyse(argv).sh_c_mistake is None


@pytest.mark.parametrize("argv,stops,waits", [
    (["/usr/sbin/nginx", "-s", "quit"], "/usr/sbin/nginx -s quit", False),
    (["sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"], "nginx -s quit", True),
    (["sh", "-c", "nginx -s stop"], "nginx -s stop", False),
    (["kill", "1"], "kill 1", False),
    (["kill", "-TERM", "1"], "kill -TERM 1", False),
    (["kill", "-s", "QUIT", "1"], "kill -s QUIT 1", False),
    (["kill", "-9", "-1"], "kill -9 -1", False),
    (["killall", "java"], "killall java", False),
    (["pkill", "-INT", "-f", "gunicorn"], "pkill -INT -f gunicorn", False),
    (["apachectl", "-k", "graceful-stop"], "apachectl -k graceful-stop", False),
    (["redis-cli", "-a", "pw", "shutdown"], "redis-cli -a pw shutdown", False),
    (["rabbitmqctl", "stop"], "rabbitmqctl stop", False),
    (["pg_ctl", "-D", "/data", "-m", "fast", "stop"], "pg_ctl -D /data -m fast stop", False),
])
def test_commands_that_stop_the_main_process(argv: list[str], stops: str, waits: bool) -> None:
    a = analyse(argv)
    assert (a.stops_main, a.waits_for_exit) == (stops, waits)


@pytest.mark.parametrize("argv", [
    ["kill", "-0", "1"], ["kill", "-HUP", "1"], ["nginx", "-s", "reload"], ["killall", "-USR1", "nginx"],
    ["kill", "42"], ["killall", "-0", "nginx"], ["sleep", "5"], ["rabbitmqctl", "status"],
    ["sh", "-c", "kill -HUP 1"],
])
def test_reloads_tests_and_other_pids_do_not_stop_the_main_process(argv: list[str]) -> None:
    assert analyse(argv).stops_main is None
