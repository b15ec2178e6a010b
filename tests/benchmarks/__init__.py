"""Benchmarks for ``make bench``: each ``bench_*.py`` prints one JSON object.

Every figure is a ratio against a baseline measured in the same run, so the
numbers mean something on a busy or slow machine. None of this runs in
``make test``.
"""
