"""Evidence: a number behind a conclusion, with its unit and the sentence that states it.

Every reason runlytics gives (a run's label, later a finding of the diagnosis)
is an :class:`Evidence`, so a report can cite the number and a program can
test it, while ``str(evidence)`` reads as plain English.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = float | int | str | None


@dataclass(frozen=True)
class Evidence:
    """``name`` of the quantity, its ``value`` in ``unit``, and ``text``: the sentence."""

    name: str
    value: Value
    unit: str
    text: str

    def __str__(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, Value]:
        """The four fields as a plain dict (for frames and JSON)."""
        return {"name": self.name, "value": self.value, "unit": self.unit, "text": self.text}
