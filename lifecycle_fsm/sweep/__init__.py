"""Sweeps over configurations: covering arrays, constrained parameter spaces, parallel checking."""
