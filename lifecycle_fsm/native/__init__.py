"""The native engine's runtime: C sources shipped with the package, compiled at check time.

``csrc/`` holds the runtime (visited set, breadth-first search in one or several threads,
symmetry reduction, liveness); a generated successor module includes it, as ABI.md says.
``csrc/lf_dbm.h`` holds the zone (DBM) operations of zones/dbm.py and zones/extrapolate.py for a
native symbolic check (docs/design/native-zones.md); no generated module includes it yet, and
tests/native/test_dbm.py keeps it equal to the Python ones.
build.py compiles a module and caches the shared object; engine.py drives a search from
Python. Anything that keeps the native engine from running raises build.NativeUnavailable
with a one-line notice, and the caller uses the Python engine (checker/search.py) instead:
that engine is always there, and is the oracle the native one is tested against.
"""

from .build import NativeUnavailable, load_module
from .engine import NativeError, NativeModule, NativeSearch

__all__ = ["NativeError", "NativeModule", "NativeSearch", "NativeUnavailable", "load_module"]
