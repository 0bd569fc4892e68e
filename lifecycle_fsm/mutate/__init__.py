"""Mutation testing of a spec: operators, checking mutants across a sweep, the kill-score report."""
