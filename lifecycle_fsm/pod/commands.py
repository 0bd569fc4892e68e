"""What an exec command does, as far as it can be read without running it.

``analyse(argv)`` reads three things from an exec handler's (or a container's)
command, and says how it read them:

Duration. Recognised forms, everything else is "unknown: any duration":
* ``sleep N`` (also ``/bin/sleep``, ``/usr/bin/sleep``, ``busybox sleep``, ``exec sleep``): N seconds, with
  GNU suffixes s/m/h/d and several operands summed; ``sleep infinity`` never returns; ``sleep`` with no
  operand fails at once.
* a shell script, ``sh|bash|ash|dash|zsh|ksh -c SCRIPT`` (combined flags like ``-ec`` too): the sum of
  its commands joined by ``;``, ``&&`` or newlines, assuming each succeeds; commands that only print,
  test or send a signal (echo, printf, true, :, touch, date, mkdir, rm, logger, kill, killall, pkill,
  ``nginx -s ...``, export, set, cd, test, sync) take no time. A loop (while/until/for), a conditional,
  a pipeline, a background job or any other program makes the duration unknown (after the known part).
* ``timeout T CMD``: at most T seconds.

The ``sh -c`` argument mistake. ``sh -c`` runs only the argument after ``-c``; the arguments after it
become $0, $1, ... So ``["sh", "-c", "sleep", "5"]`` runs ``sleep`` with no operand (it fails at once).
Reported when extra arguments follow the script and the script never reads a positional parameter
($0-$9, $@, $*, $#).

Stopping the main process. The recognised class (each only with a stopping signal: TERM, KILL, INT or
QUIT, the default for kill/killall/pkill being TERM; signal 0 is a test, HUP/USR1/USR2/WINCH reload):
* ``kill [-SIG] 1`` (PID 1 is the container's main process unless the pod shares its process
  namespace) and ``kill [-SIG] -1`` (every process);
* ``killall NAME``, ``pkill PATTERN`` (we assume the named program is the main process);
* graceful-stop commands of servers that run as the main process: ``nginx -s quit|stop`` (also
  openresty), ``apachectl|apache2ctl|httpd -k stop|graceful-stop``, ``redis-cli ... shutdown``,
  ``pg_ctl ... stop``, ``rabbitmqctl stop|shutdown``.
A script that also loops on ``killall -0``/``kill -0``/``pgrep``/``pidof`` waits for the process to exit.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Sequence

from .config import CommandAnalysis, Duration, ShellArgMistake

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"})
INSTANT = frozenset({"echo", "printf", "true", ":", "touch", "date", "mkdir", "rm", "logger", "kill", "killall",
                     "pkill", "export", "set", "cd", "test", "[", "sync", "unset"})
NEEDS_OPERAND = frozenset({"sleep", "kill", "timeout"})
STOP_SIGNALS = frozenset({"TERM", "KILL", "INT", "QUIT", "15", "9", "2", "3"})
KEYWORDS = frozenset({"while", "until", "for", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
                      "function", "{", "}", "!", "select"})
LOOPS = frozenset({"while", "until", "for", "select"})
PROCESS_TESTS = frozenset({"pgrep", "pidof"})
_POSITIONAL = re.compile(r"\$(\{?[0-9@*#])")
_REDIRECT = re.compile(r"(?<![\w$])\d*(?:>>|>&|<&|&>|>|<)\s*[^\s;&|()]+")
_SLEEP_OPERAND = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_MAX_NESTING = 4


def analyse(argv: Sequence[str], depth: int = 0) -> CommandAnalysis:
    """Analyse one argv (an exec handler's command, or a container's command + args)."""
    if not argv:
        return CommandAnalysis(Duration.unknown(), "the command is empty")
    words = list(argv)
    while words and (_base(words[0]) == "env" or "=" in words[0] and not words[0].startswith("-")):
        words = words[1:] if _base(words[0]) == "env" or "=" in words[0] else words
        while words and "=" in words[0] and not words[0].startswith("-"):
            words = words[1:]
    if not words:
        return CommandAnalysis(Duration.unknown(), "the command only sets variables")
    name = _base(words[0])
    if name in SHELLS and depth < _MAX_NESTING:
        return _shell(name, words[1:], depth)
    return _simple(words, depth)


def _base(word: str) -> str:
    return os.path.basename(word)


def _shell(shell: str, args: list[str], depth: int) -> CommandAnalysis:
    """``sh [options] -c SCRIPT [$0 $1 ...]``; without -c the shell runs a script file."""
    i, has_c = 0, False
    while i < len(args) and args[i][:1] in "-+" and args[i] not in ("-", "--"):
        opt = args[i]
        if opt in ("-o", "+o", "-O", "+O"):
            i += 1  # takes an argument
        elif not opt.startswith("--") and "c" in opt[1:]:
            has_c = True
        i += 1
    if i < len(args) and args[i] == "--":
        i += 1
    if not has_c:
        target = args[i] if i < len(args) else "standard input"
        return CommandAnalysis(Duration.unknown(), f"'{shell}' runs the script file '{target}'")
    if i >= len(args):
        return CommandAnalysis(Duration.exact(0), f"'{shell} -c' has no script", fails=True)
    script, extra = args[i], tuple(args[i + 1:])
    inner = analyse_script(script, depth + 1)
    if extra and not _POSITIONAL.search(script):
        first = script.split()[0] if script.split() else ""
        fails = len(script.split()) == 1 and _base(first) in NEEDS_OPERAND
        mistake = ShellArgMistake(shell, script, extra, fails)
        if fails:
            return CommandAnalysis(Duration.exact(0), f"'{script}' without its operand fails at once",
                                   sh_c_mistake=mistake, fails=True)
        return CommandAnalysis(inner.duration, inner.how, mistake, inner.stops_main, inner.waits_for_exit,
                               inner.fails)
    return inner


def _split_script(script: str) -> list[list[str]]:
    """The script's words grouped into simple commands, separators kept as one-word groups."""
    flat = _strip_comments(script.replace("\\\n", " "))
    flat = _REDIRECT.sub(" ", flat)
    lex = shlex.shlex(flat, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    lex.commenters = ""
    groups: list[list[str]] = [[]]
    for tok in lex:
        if tok and all(c in "();<>|&" for c in tok):
            groups.append([tok])
            groups.append([])
        else:
            groups[-1].append(tok)
    return [g for g in groups if g]


def _strip_comments(script: str) -> str:
    """Newlines outside quotes become ';', comments outside quotes are dropped."""
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(script):
        ch = script[i]
        if quote:
            if ch == "\\" and quote == '"' and i + 1 < len(script):
                out.append(script[i:i + 2])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and i + 1 < len(script):
            out.append(script[i:i + 2])
            i += 2
            continue
        elif ch == "\n":
            ch = " ; "
        elif ch == "#" and (i == 0 or script[i - 1] in " \t;&|("):
            while i < len(script) and script[i] != "\n":
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def analyse_script(script: str, depth: int = 1) -> CommandAnalysis:
    """Analyse a ``sh -c`` script (see the module docstring for what is recognised)."""
    try:
        groups = _split_script(script)
    except ValueError:
        return CommandAnalysis(Duration.unknown(), "the shell script could not be split into words")
    total = Duration.exact(0)
    unknown_why = ""
    stops: str | None = None
    loops = tests = fails = background = False
    timed: list[str] = []
    for group in groups:
        if all(c in "();<>|&" for c in group[0]):
            background = background or group[0] == "&"
            if group[0] not in (";", "&&") and not unknown_why:
                unknown_why = "the script runs a pipeline, a background job or a subshell"
            continue
        words = list(group)
        while words and (words[0] in KEYWORDS or words[0] == "exec"):
            if words[0] in LOOPS:
                loops = True
            elif words[0] in ("if", "case") and not unknown_why:
                unknown_why = "the script has a conditional"
            words = words[1:]
        while words and "=" in words[0] and not words[0].startswith(("-", "=")):
            words = words[1:]
        if not words:
            continue
        part = analyse(words, depth)
        stops = stops or part.stops_main
        fails = fails or part.fails
        if _is_process_test(words):
            tests = True
        if part.duration.hi is None and not unknown_why:
            unknown_why = part.how
        if part.duration.lo > 0:
            timed.append(" ".join(words))
        total = total + part.duration
    if loops and not unknown_why.startswith("the script"):
        unknown_why = "the script loops (while/until/for)"
    if unknown_why:
        lo = 0.0 if loops or background else total.lo
        return CommandAnalysis(Duration(lo, None), unknown_why, None, stops, loops and tests and stops is not None,
                               fails)
    how = "reads " + " + ".join(f"'{t}'" for t in timed) if timed else "every command of the script returns at once"
    return CommandAnalysis(total, how, None, stops, False, fails)


def _is_process_test(words: list[str]) -> bool:
    name = _base(words[0])
    if name in PROCESS_TESTS:
        return True
    return name in ("kill", "killall") and _signal(words[1:])[0] == "0"


def _signal(args: list[str]) -> tuple[str, list[str]]:
    """The signal named by kill/killall/pkill options (default TERM) and the operands."""
    sig, ops = "TERM", []
    given = False  # after the signal, '-1' is a PID (every process), not signal 1
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            ops.extend(args[i + 1:])
            break
        if a in ("-s", "-n", "--signal") and i + 1 < len(args):
            sig, given = args[i + 1], True
            i += 2
            continue
        if a.startswith("--signal="):
            sig, given = a.split("=", 1)[1], True
        elif a.startswith("-") and len(a) > 1 and not ops and not given and (a[1:].isdigit() or a[1:].isupper()):
            sig, given = a[1:], True
        elif a.startswith("-") and len(a) > 1 and a[1:].isdigit():
            ops.append(a)  # kill -TERM -1: a negative PID after the signal
        elif not a.startswith("-"):
            ops.append(a)
        i += 1
    sig = sig.upper()
    return (sig[3:] if sig.startswith("SIG") else sig), ops


def _stops_main(name: str, args: list[str]) -> bool:
    lowered = [a.lower() for a in args]
    if name == "kill":
        sig, ops = _signal(args)
        return sig in STOP_SIGNALS and any(p in ("1", "-1") for p in ops)
    if name in ("killall", "pkill"):
        sig, ops = _signal(args)
        return sig in STOP_SIGNALS and bool(ops)
    if name in ("nginx", "openresty"):
        joined = " ".join(args)
        return bool(re.search(r"-s\s*(quit|stop)\b", joined))
    if name in ("apachectl", "apache2ctl", "httpd", "apache2"):
        return bool(re.search(r"(-k\s+|^)(stop|graceful-stop)\b", " ".join(args)))
    if name == "redis-cli":
        return "shutdown" in lowered
    if name == "pg_ctl":
        return "stop" in lowered
    if name == "rabbitmqctl":
        plain = [a for a in lowered if not a.startswith("-")]
        return bool(plain) and plain[0] in ("stop", "shutdown")
    return False


def _simple(words: list[str], depth: int) -> CommandAnalysis:
    """One simple command: sleep, timeout, an instant command, or an unrecognised program."""
    name, args = _base(words[0]), words[1:]
    if name == "busybox" and args:
        name, args = _base(args[0]), args[1:]
    text = " ".join(words)
    stops = text if _stops_main(name, args) else None
    if name == "sleep":
        return _sleep(args)
    if name == "timeout" and depth < _MAX_NESTING:
        return _timeout(args, depth)
    if name in INSTANT or stops is not None:
        return CommandAnalysis(Duration.exact(0), f"'{text}' returns at once", stops_main=stops)
    return CommandAnalysis(Duration.unknown(), f"'{words[0]}' is not a command whose duration lifefsm can read",
                           stops_main=stops)


def _sleep(args: list[str]) -> CommandAnalysis:
    operands = [a for a in args if a != "--"]
    if not operands:
        return CommandAnalysis(Duration.exact(0), "'sleep' without an operand fails at once", fails=True)
    if any(a in ("infinity", "inf") for a in operands):
        return CommandAnalysis(Duration.forever(), "reads 'sleep infinity'")
    total = 0.0
    for a in operands:
        m = _SLEEP_OPERAND.fullmatch(a)
        if m is None:
            return CommandAnalysis(Duration.unknown(), f"'sleep {a}' has an operand that is not a number")
        total += float(m.group(1)) * _UNIT[m.group(2)]
    return CommandAnalysis(Duration.exact(total), f"reads 'sleep {' '.join(operands)}'")


def _timeout(args: list[str], depth: int) -> CommandAnalysis:
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in ("-s", "-k", "--signal", "--kill-after") else 1
    if i >= len(args) or (m := _SLEEP_OPERAND.fullmatch(args[i])) is None:
        return CommandAnalysis(Duration.unknown(), "'timeout' has no duration lifefsm can read")
    limit = float(m.group(1)) * _UNIT[m.group(2)]
    inner = analyse(args[i + 1:], depth + 1) if args[i + 1:] else CommandAnalysis(Duration.exact(0), "")
    hi = limit if inner.duration.hi is None else min(limit, inner.duration.hi)
    return CommandAnalysis(Duration(min(limit, inner.duration.lo), hi), f"'timeout {args[i]}' bounds it",
                           stops_main=inner.stops_main)
