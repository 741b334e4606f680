"""Small pure metric functions of arrays and numbers, each with formula, units, convention, source.

Nothing here knows an :class:`~runlytics.activity.Activity`: the analysis floor
(:mod:`runlytics.analysis`) applies these to runs.

* :mod:`~runlytics.metrics.gap`: Minetti cost of running and grade-adjusted speed;
* :mod:`~runlytics.metrics.zones`: Karvonen heart-rate reserve, zone edges, time in zones;
* :mod:`~runlytics.metrics.load`: Banister and Edwards TRIMP, hrTSS-like score, rTSS;
* :mod:`~runlytics.metrics.efficiency`: efficiency factor and decoupling percentage;
* :mod:`~runlytics.metrics.steadiness`: moving clock, weighted means, block CV;
* :mod:`~runlytics.metrics.vdot`: Daniels–Gilbert VDOT, equivalent race times, training paces.

Conventions are those of ``docs/analysis.md``.
"""
