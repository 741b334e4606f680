"""The diagnosis: findings with evidence and a prescription, as a coach would give them.

:func:`diagnose` runs the rules (``training``, ``easy``, ``progress``, ``potential``) on a
:class:`~runlytics.History` and prescribes (``prescription``); see ``docs/diagnosis.md``.
"""
