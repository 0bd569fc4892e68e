"""What the passes of one check run share: the symbol table, the reporter, the expression typer, the folder.

Each pass (declare.py, constants.py, constraints.py, structure.py, bodies.py,
transitions.py, systems.py, properties.py) is a function of a Context; check.py
builds one and runs the passes in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ast as A
from .constants import Constants
from .elaborate import Elaborator
from .reporting import Reporter
from .symbols import SymbolTable


@dataclass
class Context:
    tables: SymbolTable
    report: Reporter
    exprs: Elaborator
    consts: Constants

    @staticmethod
    def new(items: list[A.Item]) -> Context:
        tables = SymbolTable(items)
        report = Reporter()
        exprs = Elaborator(tables, report)
        return Context(tables, report, exprs, Constants(tables, report, exprs))
