"""The reference graph: papers, committees, meetings and budgets, and how they connect.

``budget`` and ``history`` use the standard library only (the read commands import them);
``build`` and ``export`` use networkx and are imported only by ``export``, ``path`` and analysis.
Importing this package imports nothing heavy.
"""
