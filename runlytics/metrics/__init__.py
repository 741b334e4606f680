"""Small pure metric functions, each documented with formula, units, convention and source.

* :mod:`~runlytics.metrics.gap`: Minetti cost of running and grade-adjusted speed;
* :mod:`~runlytics.metrics.zones`: Karvonen heart-rate reserve, zone edges, time in zones;
* :mod:`~runlytics.metrics.load`: Banister and Edwards TRIMP, hrTSS-like score, rTSS;
* :mod:`~runlytics.metrics.efficiency`: efficiency factor and aerobic decoupling;
* :mod:`~runlytics.metrics.pacing`: splits and pace fade;
* :mod:`~runlytics.metrics.vdot`: Daniels–Gilbert VDOT, equivalent race times, training paces.

Conventions are those of ``docs/analysis.md``.
"""
