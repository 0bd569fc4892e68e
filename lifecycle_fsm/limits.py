"""The sizes the front end accepts, in one place (docs/language.md, "Limits", states them for users).

Each bound keeps a later stage finite on hostile input: the recursive passes need a
bounded depth, constant folding needs bounded integers (``const B = A*A*A*A`` chains
square the size of a number at each step), rendering needs a bounded number of
messages. Past a bound the input is refused with a diagnostic, never truncated.
"""

from __future__ import annotations

MAX_BYTES = 1 << 20  # one spec file: 1 MiB, fifteen times the size of the Kubernetes model
MAX_TOTAL_BYTES = 16 << 20  # a spec and all its imports together
# Tree depth accepted. check.py and lower.py recurse over expressions (about five
# Python frames a level), so deeper input is refused before any recursive pass.
MAX_DEPTH = 100
MAX_NAME_LENGTH = 128  # characters of one name
# Integers (literals, constants, range bounds and every value folded from them) are
# at most 128 bits plus a sign: far beyond any bounded quantity a lifecycle model
# counts, and cheap to compute with, so folding stays fast and its results small.
MAX_INT_BITS = 128
MAX_INT = (1 << MAX_INT_BITS) - 1
MAX_INT_DIGITS = len(str(MAX_INT))  # a literal with more digits is refused before int() reads it
MAX_SHOWN_PER_CODE = 20  # diagnostics rendered per code; the rest are counted in one note


def int_too_large(v: object) -> bool:
    """Is ``v`` an integer (not a bool) outside -MAX_INT..MAX_INT?"""
    return isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > MAX_INT_BITS
