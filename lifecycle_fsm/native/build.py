"""Compile a model module with the C runtime, cache the shared object, load it with ctypes.

A module (the generated successor code, see ABI.md) and the runtime sources in ``csrc/`` are
compiled as one translation unit by the system C compiler (``$CC``, else ``cc``, ``gcc`` or
``clang`` on PATH) into a shared object (a large module as two units compiled in parallel and
linked: cprint.CModule.units), loaded with ctypes (standard library: no new
dependency, and the interface is a handful of functions over integer arrays, which is what
ctypes does well). The object is cached in the user's private cache directory (cachedir.py)
under a hash of everything that determines it: the module (both units' texts, which also say
where it was cut), the runtime sources, the compiler's identity and the flags. It is compiled
in a fresh directory and renamed into place, so two checks building the same module at once
both end with a complete file, and a reader never sees a partial one.

Whatever goes wrong (no compiler, a compiler that fails, crashes or hangs, a cache directory
that is read-only or full, an object that does not load) raises NativeUnavailable with a
one-line message: the caller prints it and runs the Python engine. A cache directory that
cannot be written is not fatal by itself: the module is then compiled in a temporary
directory for this run only, with a notice.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cachedir import touch, user_cache_dir
from ..cpus import cpu_count
from ..messages import say

CSRC = Path(__file__).parent / "csrc"
RUNTIME_FILES = ("lf_runtime.h", "lf_store.h", "lf_sym.h", "lf_engine.c", "lf_par.c", "lf_live.c", "lf_dbm.h",
                 "lf_zengine.c", "lf_zcells.c")
ABI_VERSION = 1  # lf_runtime.h's LF_ABI_VERSION
FLAGS = ("-shared", "-fPIC", "-pthread", "-std=gnu11", "-D_GNU_SOURCE", "-fvisibility=hidden", "-w")
TIMEOUT = 600.0  # seconds a compilation may take
CANDIDATES = ("cc", "gcc", "clang")

# Searches expected to store fewer states than this are compiled at -O0 (see choose_opt).
O0_BELOW = 300_000

# A module whose step functions have more bytes of C than this is compiled as two translation
# units in parallel (cprint.CModule.units). gcc -O2 CPU time, one unit / the first / the second:
# 0.65 / 0.61 / 0.04 s for 10 kB of step code, 0.92 / 0.60 / 0.29 s for 88 kB: the second unit
# costs about 0.02 s more CPU and the link 0.01-0.02 s, and gains only while its own compile is
# longer than that, on a free core (docs/performance.md, "Cold check").
SPLIT_ABOVE = 40_000


def split_above() -> int | None:
    """The step code above which a module is split (SPLIT_ABOVE); None where this process may use
    only one CPU (two compilers would take turns on it: no gain, about 5 % more CPU)."""
    return SPLIT_ABOVE if cpu_count() >= 2 else None


class NativeUnavailable(Exception):
    """The native engine cannot run here; ``str()`` is the one-line notice for the user."""


@dataclass(frozen=True, slots=True)
class Compiler:
    argv: tuple[str, ...]  # the command, e.g. ('gcc',) or $CC split like a shell would
    ident: str  # its resolved path and version line: part of the cache key

    @property
    def name(self) -> str:
        return " ".join(self.argv)


@dataclass(slots=True)
class Loaded:
    """A loaded module: the library, how it was obtained, notices for the user."""

    lib: ctypes.CDLL
    cached: bool  # found in the cache (no compilation)
    seconds: float  # compile time (0 when cached)
    path: Path | None  # the cached object (None: compiled for this run only)
    notes: list[str] = field(default_factory=list)


def find_compiler() -> Compiler:
    """The C compiler to use, checked by running it with --version."""
    return _find_compiler(os.environ.get("CC"), os.environ.get("PATH", ""))


@lru_cache(maxsize=8)
def _find_compiler(cc: str | None, path: str) -> Compiler:
    if cc:
        try:
            argv = tuple(shlex.split(cc))
        except ValueError as e:
            raise NativeUnavailable(say("checker.native-compiler-broken", compiler=cc, why=str(e))) from None
        found = shutil.which(argv[0], path=path) if argv else None
    else:
        argv, found = (), None
        for name in CANDIDATES:
            found = shutil.which(name, path=path)
            if found:
                argv = (name,)
                break
    if not argv or found is None:
        raise NativeUnavailable(say("checker.native-no-compiler"))
    try:
        r = subprocess.run([found, *argv[1:], "--version"], capture_output=True, text=True, timeout=30,
                           env={**os.environ, "PATH": path}, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise NativeUnavailable(say("checker.native-compiler-broken", compiler=" ".join(argv),
                                    why=_oneline(str(e)))) from None
    if r.returncode != 0:
        raise NativeUnavailable(say("checker.native-compiler-broken", compiler=" ".join(argv),
                                    why=f"--version exits {r.returncode}"))
    version = (r.stdout.strip().splitlines() or ["?"])[0]
    return Compiler((found, *argv[1:]), f"{os.path.realpath(found)} {version}")


@lru_cache(maxsize=1)
def runtime_text() -> str:
    """The runtime sources, concatenated (part of every cache key)."""
    return "".join(f"//== {name}\n" + (CSRC / name).read_text(encoding="utf-8") for name in RUNTIME_FILES)


def choose_opt(expected_states: int | None = None) -> str:
    """The optimisation level: -O2, or -O0 when the search is known to be small.

    Measured (benchmarks/bench_native_runtime.py, docs/performance.md): -O0 saves about 0.6 s
    of compiling against -O2 and makes the search 2-3x slower; -O1 compiles nearly as slowly as
    -O2 and searches a little slower, so it is never the best choice. -O0 pays off while the
    -O2 search would take under about 0.3 s, some 300,000 states; the cached object makes
    -O2's compile a one-time cost, so -O0 is chosen only on a hint (``expected_states``, such
    as a --max-states limit)."""
    return "-O0" if expected_states is not None and expected_states < O0_BELOW else "-O2"


def cache_key(source: str, compiler: Compiler, flags: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for part in (f"abi{ABI_VERSION}", compiler.ident, " ".join(flags), runtime_text(), source):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


Units = str | Sequence[str]


def _units(source: Units) -> tuple[str, ...]:
    units = (source,) if isinstance(source, str) else tuple(source)
    if len(units) not in (1, 2):
        raise ValueError(f"a module is one or two translation units, not {len(units)}")
    return units


def _key_text(units: tuple[str, ...]) -> str:
    """The text the cache key hashes: the module's one unit as it is (the key of a module of one unit
    is what it was before modules could be split); two units with a separator neither can hold (a
    NUL), so the key covers both texts and where the module was cut."""
    return units[0] if len(units) == 1 else "\0unit 1 of 2\0" + "\0unit 2 of 2\0".join(units)


def object_path(source: Units, compiler: Compiler, opt: str, include: tuple[Path, ...] = ()) -> Path | None:
    """Where the object of ``source`` (a module's text, or the texts of its units) is cached (None:
    no usable cache directory)."""
    cache = user_cache_dir()
    if cache is None:
        return None
    key = cache_key(_key_text(_units(source)) + "".join(f"\0{d}" for d in include), compiler, (*FLAGS, opt))
    return cache / f"native-{key}.so"


def load_module(source: Units, *, opt: str | None = None, include: tuple[Path, ...] = (),
                compiler: Compiler | None = None, expected_states: int | None = None) -> Loaded:
    """Compile (or find in the cache) and load a module; NativeUnavailable on any failure.

    ``source``: the module's text, or the texts of its two translation units (cprint.CModule.units:
    compiled in parallel, then linked); ``opt``: the optimisation flag (default:
    choose_opt(expected_states)); ``include``: more directories for ``#include`` (the tests'
    hand-written modules).
    """
    return start_module(source, opt=opt, include=include, compiler=compiler, expected_states=expected_states).finish()


def start_module(source: Units, *, opt: str | None = None, include: tuple[Path, ...] = (),
                 compiler: Compiler | None = None, expected_states: int | None = None) -> Pending:
    """``load_module`` in two halves: the compiler is started here (one process per unit, at once)
    and runs while the caller does something else (the Python engine's probe, native/run.py);
    ``finish()`` waits for it (and links two units) and loads the object, ``cancel()`` stops every
    compiler and leaves nothing behind. NativeUnavailable: no compiler, or nowhere to build."""
    units = _units(source)
    cc = compiler if compiler is not None else find_compiler()
    flags = (*FLAGS, opt or choose_opt(expected_states))
    target = object_path(units, cc, flags[-1], include)
    pending = Pending(cc, flags, units, include, target)
    if target is not None:
        if target.exists():
            try:
                pending.ready = Loaded(_open(target), True, 0.0, target)
                touch(target)
                return pending
            except NativeUnavailable:
                pass  # not a loadable object (tampered with, or written by something else): rebuild it
        try:
            pending.begin(Path(tempfile.mkdtemp(prefix="build-", dir=target.parent)))
            return pending
        except OSError as e:  # no build directory, or writing the source: full or read-only
            pending.notes.append(say("checker.native-no-cache", directory=str(target.parent),
                                     why=_oneline(e.strerror or str(e))))
            pending.target = None
    try:
        pending.begin(Path(tempfile.mkdtemp(prefix="lifefsm-native-")))
    except OSError as e:
        raise NativeUnavailable(say("checker.native-build-failed", why=_oneline(e.strerror or str(e)))) from None
    return pending


POLL = 0.003  # seconds between looks at compilers running in parallel


class Pending:
    """A module being compiled in a build directory (start_module), or found in the cache (``ready``).

    One unit: ``cc <flags> -o module.so module.c``. Two: ``cc <flags> -c -o unit<i>.o unit<i>.c``
    for both at once, then ``cc <flags> -o module.so unit0.o unit1.o``. Each compiler's output
    goes to a file beside its input (two compilers writing to pipes that only one is read from
    at a time could block each other)."""

    def __init__(self, cc: Compiler, flags: tuple[str, ...], units: tuple[str, ...], include: tuple[Path, ...],
                 target: Path | None):
        self.cc, self.flags, self.units, self.include = cc, flags, units, include
        self.target = target  # where the object is cached (None: built for this run only)
        self.ready: Loaded | None = None
        self.notes: list[str] = []
        self.work: Path | None = None
        self.procs: list[subprocess.Popen[bytes]] = []  # the compilers started, then the link
        self.logs: list[Path] = []  # their output, one file each
        self.t0 = 0.0
        self.ended: dict[int, float] = {}  # process (index into procs) -> seconds from the start to its end

    def begin(self, work: Path) -> None:
        """Write the sources into ``work`` and start the compilers there (OSError: the directory
        failed us; the directory is removed then)."""
        self.work = work
        try:
            names = ["module.c"] if len(self.units) == 1 else [f"unit{i}.c" for i in range(len(self.units))]
            for name, text in zip(names, self.units):
                (work / name).write_text(text, encoding="utf-8")
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
            self.work = None
            raise
        inc = [f"-I{CSRC}", *(f"-I{d}" for d in self.include)]
        self.t0 = time.perf_counter()
        if len(self.units) == 1:
            self._run([*self.cc.argv, *self.flags, *inc, "-o", str(work / "module.so"), str(work / "module.c")])
        else:
            flags = [f for f in self.flags if f != "-shared"]
            for i in range(len(self.units)):
                self._run([*self.cc.argv, *flags, *inc, "-c", "-o", str(work / f"unit{i}.o"), str(work / f"unit{i}.c")])

    def _run(self, argv: list[str]) -> None:
        """Start one compiler (or the link) in the build directory; NativeUnavailable (everything
        started is stopped, the directory removed) when it cannot be started."""
        assert self.work is not None
        log = self.work / f"cc{len(self.procs)}.log"
        try:
            out = open(log, "wb")  # noqa: SIM115 - closed below, once the compiler has it
        except OSError as e:
            self.cancel()
            raise NativeUnavailable(say("checker.native-build-failed", why=_oneline(e.strerror or str(e)))) from None
        try:
            with out:
                self.procs.append(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                                   stderr=subprocess.STDOUT, cwd=self.work))
            self.logs.append(log)
        except OSError as e:
            self.cancel()
            raise NativeUnavailable(say("checker.native-compiler-broken", compiler=self.cc.name,
                                        why=_oneline(e.strerror or str(e)))) from None

    def cancel(self) -> None:
        """Stop every compiler still running and remove the build directory."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self._clean()

    def _clean(self) -> None:
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)  # a loaded object stays mapped after its file is gone
            self.work = None

    def finish(self) -> Loaded:
        """Wait for the compiler and load the object (cached, when there is a cache); NativeUnavailable on failure."""
        if self.ready is not None:
            return self.ready
        assert self.work is not None and self.procs
        try:
            seconds = self._wait()
            if self.target is not None:
                try:
                    os.replace(self.work / "module.so", self.target)
                except OSError as e:  # full or read-only: this run uses the object where it was built
                    self.notes.append(say("checker.native-no-cache", directory=str(self.target.parent),
                                          why=_oneline(e.strerror or str(e))))
                    self.target = None
            if self.target is None:
                return Loaded(_open(self.work / "module.so"), False, seconds, None, self.notes)
            try:
                return Loaded(_open(self.target), False, seconds, self.target, self.notes)
            except NativeUnavailable:
                self.target.unlink(missing_ok=True)  # the compiler made something that does not load
                raise
        finally:
            self.cancel()

    def _wait(self) -> float:
        """Wait for the compilers (then link two units); the seconds since they started.
        NativeUnavailable when one failed (finish() then stops the others)."""
        assert self.work is not None
        self._wait_all(list(range(len(self.procs))))
        if len(self.units) > 1:
            self._run([*self.cc.argv, *self.flags, "-o", str(self.work / "module.so"),
                       *(str(self.work / f"unit{i}.o") for i in range(len(self.units)))])
            self._wait_all([len(self.procs) - 1])
        if not (self.work / "module.so").exists():
            raise NativeUnavailable(say("checker.native-compile-failed", compiler=self.cc.name, status=0,
                                        first_line="no output file"))
        return time.perf_counter() - self.t0

    def _wait_all(self, which: list[int]) -> None:
        """Wait for the processes ``which`` (indices into procs) in the order they end: the first to
        fail raises, without waiting for the others; all within TIMEOUT of the start."""
        left = list(which)
        while left:
            done = [i for i in left if self.procs[i].poll() is not None]
            if not done:
                remaining = TIMEOUT - (time.perf_counter() - self.t0)
                if remaining <= 0:
                    raise NativeUnavailable(say("checker.native-compiler-timeout", compiler=self.cc.name,
                                                seconds=TIMEOUT))
                try:
                    if len(left) == 1:
                        self.procs[left[0]].wait(timeout=max(0.001, remaining))
                    else:
                        time.sleep(min(POLL, remaining))
                except subprocess.TimeoutExpired:
                    pass
                continue
            for i in done:
                left.remove(i)
                self.ended[i] = time.perf_counter() - self.t0
                self._check(i)

    def _check(self, i: int) -> None:
        code = self.procs[i].returncode
        if code < 0:
            raise NativeUnavailable(say("checker.native-compiler-crashed", compiler=self.cc.name, signal=-code))
        if code != 0:
            try:
                text = self.logs[i].read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            lines = [x for x in text.splitlines() if x.strip()]
            first = next((x for x in lines if "error" in x), lines[0] if lines else "no message")
            raise NativeUnavailable(say("checker.native-compile-failed", compiler=self.cc.name, status=code,
                                        first_line=_oneline(first)))


def open_cached(path: Path) -> Loaded | None:
    """The cached object at ``path`` loaded, or None (missing, or not loadable: the caller rebuilds it)."""
    try:
        if not path.exists():
            return None
        loaded = Loaded(_open(path), True, 0.0, path)
        touch(path)
        return loaded
    except NativeUnavailable:
        return None


def _open(path: Path) -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL(str(path))
        info = (ctypes.c_int64 * 16)()
        lib.lf_info(info)
    except (OSError, AttributeError) as e:
        raise NativeUnavailable(say("checker.native-load-failed", why=_oneline(str(e)))) from None
    if info[0] != ABI_VERSION:
        raise NativeUnavailable(say("checker.native-load-failed", why=f"ABI version {info[0]}, expected {ABI_VERSION}"))
    return lib


def _oneline(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
