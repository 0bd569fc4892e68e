"""The memory bound of a search (``--max-memory``): its default and how the use is measured.

A search that outgrows the machine must stop by itself, with its partial result, before the
kernel kills it (no output at all) or an allocation fails (a ``MemoryError`` anywhere). The
bound is checked between slices of the search (a slice is at most ~65k moves, a few MB):

* resident memory (``/proc/self/statm``; elsewhere the peak from ``getrusage``) against
  ``--max-memory``, by default half of the machine's memory (the smaller of the physical
  memory and a cgroup limit) or 80% of what was available when the run started (MemAvailable,
  or what the cgroup's limit leaves if less), whichever is less; the native engine's runtime
  counts its own allocations against that bound less what the process holds when it starts
  (native/run.py ``budget``), and its driver checks the resident size between slices too;
* address space against the soft ``ulimit -v`` (RLIMIT_AS), when there is one, less a reserve
  for writing the result (an eighth of it, at least 48 MiB).

``0`` switches the first off. When an allocation fails all the same (a slice that grew faster
than the margin), the search frees a reserve it set aside and stops the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass

try:  # not on Windows: there only the resident bound applies, measured by the peak
    import resource
except ImportError:  # pragma: no cover - POSIX CI
    resource = None  # type: ignore[assignment]

MiB = 1 << 20
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1000, "kib": 1 << 10, "m": MiB, "mb": 10**6, "mib": MiB,
          "g": 1 << 30, "gb": 10**9, "gib": 1 << 30, "t": 1 << 40, "tb": 10**12, "tib": 1 << 40}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int | None:
    """Bytes from ``2G``, ``512MiB``, ``1.5GB``, ``800000`` (K, M, G, T are binary); None if unreadable."""
    m = _SIZE.fullmatch(text)
    if m is None or m.group(2).lower() not in _UNITS:
        return None
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def show_size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def _meminfo(key: str) -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _read_number(path: str) -> int | None:
    try:
        with open(path, encoding="ascii") as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and int(text) < 1 << 60 else None  # 'max' or a huge number: none


_CGROUP = (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),  # v2
           ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"))  # v1


def _cgroup_limit() -> int | None:
    for limit, _ in _CGROUP:
        n = _read_number(limit)
        if n is not None:
            return n
    return None


def _cgroup_available() -> int | None:
    """What the cgroup's limit leaves now (MemAvailable does not see a cgroup's limit), or None."""
    for limit, current in _CGROUP:
        n, used = _read_number(limit), _read_number(current)
        if n is not None:
            return max(0, n - used) if used is not None else n
    return None


def machine_memory() -> int | None:
    """The memory this process may use on this machine: physical memory or a cgroup limit, the smaller."""
    sizes = [x for x in (_cgroup_limit(),) if x]
    with contextlib.suppress(ValueError, OSError, AttributeError):  # no sysconf names on some platforms
        sizes.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    return min(sizes) if sizes else None


def default_limit() -> int | None:
    """Half of the machine's memory, or 80% of the memory available now if less (None: unknown).

    Available: the smaller of the kernel's MemAvailable and what the cgroup's ``memory.max`` leaves
    (v2; ``memory.limit_in_bytes`` in v1); the fifth kept back is headroom for Python, the
    compiler and the rest of the machine."""
    limits = [x // 2 for x in (machine_memory(),) if x]
    available = [x for x in (_meminfo("MemAvailable"), _cgroup_available()) if x]
    if available:
        limits.append(min(available) * 4 // 5)
    return min(limits) if limits else None


def address_space_limit() -> int | None:
    """The soft ``ulimit -v`` less a reserve for reporting, or None when there is none."""
    if resource is None:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return None
    return max(soft - max(soft // 8, 48 * MiB), soft // 2)


def current_usage() -> tuple[int, int]:
    """(resident bytes, address space bytes) of this process now; the peak resident size and 0
    where /proc is missing."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            size, resident = f.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(resident) * page, int(size) * page
    except (OSError, ValueError):
        if resource is None:
            return 0, 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak * (1 if os.uname().sysname == "Darwin" else 1024), 0


@dataclass(frozen=True, slots=True)
class MemoryBound:
    """Stop when resident memory passes ``resident`` or the address space passes ``address_space``."""

    resident: int | None
    address_space: int | None

    @classmethod
    def make(cls, max_memory: int | None) -> MemoryBound:
        """``max_memory`` bytes (None: the default; 0: no resident bound), and the ulimit if any."""
        resident = default_limit() if max_memory is None else (max_memory or None)
        return cls(resident, address_space_limit())

    def exceeded(self) -> bool:
        if self.resident is None and self.address_space is None:
            return False
        rss, vm = current_usage()
        return ((self.resident is not None and rss > self.resident)
                or (self.address_space is not None and vm > self.address_space))

    def describe(self) -> str:
        parts = []
        if self.resident is not None:
            parts.append(f"--max-memory {show_size(self.resident)}")
        if self.address_space is not None:
            parts.append(f"ulimit -v less a reserve: {show_size(self.address_space)}")
        return " or ".join(parts) or "memory"
