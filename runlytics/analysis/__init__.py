"""One run: prepare, segments, classification, summary, efficiency, pacing, best efforts.

:func:`~runlytics.analysis.run.analyze_run` is the unit of per-run work; the
other public functions are views over the same machinery (see
``docs/architecture.md``).
"""
