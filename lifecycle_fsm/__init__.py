"""lifefsm: Kubernetes pod and container lifecycles as executable, verified state machines.

The front end (``load_spec``, ``compile_source``) turns ``.lfsm`` text into a
checked, frozen ``Model`` (see model.py); errors arrive as ``LfsmError`` carrying
located diagnostics. lark is imported only when a spec is parsed.
"""

from __future__ import annotations

from .diagnostics import Diagnostic, LfsmError
from .loader import compile_source, load_spec
from .version import __version__

__all__ = ["Diagnostic", "LfsmError", "compile_source", "load_spec", "__version__"]
