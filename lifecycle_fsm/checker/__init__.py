"""The explicit-state model checker: exhaustive, breadth-first, over generated successor code.

``check_model`` explores every reachable state of one system for one binding of the
parameters and judges each property (see docs/semantics.md for the meaning of a step, a
tick, a deadlock and fairness); ``cover_paths`` gives paths that together fire every
reachable transition, for conformance tests of generated machines.
"""

from __future__ import annotations

from .api import check_model, cover_paths
from .result import CheckResult, PropertyResult, Receipt, Step, Trace

__all__ = ["check_model", "cover_paths", "CheckResult", "PropertyResult", "Receipt", "Step", "Trace"]
