"""What a diagnosis is made of: a :class:`Goal`, :class:`Finding` s, a :class:`Prescription`.

A :class:`Finding` is one statement a coach would make (``code`` from
:data:`~runlytics.vocabulary.FINDING_CODES`, ``severity`` from
:data:`~runlytics.vocabulary.SEVERITIES`), backed by ``evidence``: a small frame
or dict of the numbers, dates and activity ids behind it, and drawn by
:meth:`Finding.plot`. A :class:`Diagnosis` holds the findings and the
prescription they motivate, renders itself as Markdown or self-contained HTML,
and compares with another (before and after a change of training).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from runlytics.metrics.boston import boston_standard
from runlytics.metrics.vdot import TrainingPaces
from runlytics.report import html
from runlytics.vocabulary import SEVERITIES, FindingCode, Severity, format_pace, format_time

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Evidence = pd.DataFrame | Mapping[str, Any]
Drawing = Callable[["Axes"], None]


@dataclass(frozen=True)
class Goal:
    """A race goal: ``distance_m`` in ``time_s``, or the time a ``standard`` gives ("boston").

    ``race_date`` is optional (the diagnosis then assumes a horizon after the history).
    """

    distance_m: float = 42195.0
    time_s: float | None = None
    race_date: pd.Timestamp | None = None
    standard: str | None = None

    def __post_init__(self) -> None:
        if self.time_s is None and self.standard is None:
            raise ValueError("a goal needs time_s or a standard (e.g. standard='boston')")
        if self.standard not in (None, "boston"):
            raise ValueError(f"unknown standard {self.standard!r}; the standards are: 'boston'")

    def target_time(self, age: float | None, sex: str | None, race_date: pd.Timestamp) -> float:
        """The goal time in seconds for an athlete of ``age`` and ``sex`` on ``race_date``."""
        if self.time_s is not None:
            return float(self.time_s)
        if age is None or sex is None:
            raise ValueError("a standard goal needs the athlete's birth date and sex")
        return boston_standard(age, sex, race_year=race_date.year)


@dataclass(frozen=True, eq=False)
class Finding:
    """One statement of the diagnosis with the evidence behind it."""

    code: FindingCode
    severity: Severity
    title: str
    statement: str
    evidence: Evidence
    drawing: Drawing | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r} is not one of {SEVERITIES}")

    def evidence_frame(self) -> pd.DataFrame:
        """The evidence as a frame (a dict becomes one row per key)."""
        if isinstance(self.evidence, pd.DataFrame):
            return self.evidence
        return pd.DataFrame({"value": pd.Series(dict(self.evidence), dtype=object)})

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the finding's figure (its evidence as a bar chart when it has no figure)."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 3.2))
        if self.drawing is not None:
            self.drawing(ax)
        else:
            numbers = pd.to_numeric(self.evidence_frame().iloc[:, 0], errors="coerce").dropna()
            numbers.plot.barh(ax=ax, color="#1565c0")
        ax.set_title(self.title)
        return ax


@dataclass(frozen=True)
class Advice:
    """One point of the prescription and the findings (codes) that motivate it."""

    topic: str
    text: str
    because: tuple[FindingCode, ...]


@dataclass(frozen=True)
class Prescription:
    """Training paces (Daniels, from the current VDOT), a weekly volume range, a base phase.

    ``weekly_km`` is a (low, high) range from what the athlete has tolerated;
    ``base_phase_weeks`` 0 when no base phase is needed; ``advice`` the session
    types and progression for the next block, each tied to its findings.
    """

    paces: TrainingPaces | None
    weekly_km: tuple[float, float] | None
    base_phase_weeks: int
    advice: tuple[Advice, ...]

    def paces_frame(self) -> pd.DataFrame:
        """The training paces as min/km text, one row per intensity."""
        if self.paces is None:
            return pd.DataFrame(columns=["pace"])
        p = self.paces
        rows = {
            "easy": f"{format_pace(p.easy_max_mps, unit=False)}-{format_pace(p.easy_min_mps)}",
            "marathon": format_pace(p.marathon_mps),
            "threshold": format_pace(p.threshold_mps),
            "interval": format_pace(p.interval_mps),
            "repetition": format_pace(p.repetition_mps),
        }
        return pd.DataFrame({"pace": pd.Series(rows)})


@dataclass(frozen=True, eq=False)
class Diagnosis:
    """The findings about a history as of a date, the goal, and the prescription."""

    athlete_name: str
    as_of: pd.Timestamp
    goal: Goal | None
    findings: tuple[Finding, ...]
    prescription: Prescription

    def finding(self, code: FindingCode) -> Finding | None:
        """The finding with ``code``, or ``None`` if the data did not raise it."""
        return next((f for f in self.findings if f.code == code), None)

    def summary(self) -> pd.DataFrame:
        """One row per finding: code, severity, title, statement."""
        return pd.DataFrame(
            [(f.code, f.severity, f.title, f.statement) for f in self.findings],
            columns=["code", "severity", "title", "statement"],
        ).set_index("code")

    def compare(self, other: Diagnosis) -> pd.DataFrame:
        """Before (``self``) and after (``other``): each code's severity and statement in both."""
        before, after = self.summary(), other.summary()
        codes = list(dict.fromkeys([*before.index, *after.index]))
        frame = pd.DataFrame(index=pd.Index(codes, name="code"))
        for name, s in (("before", before), ("after", after)):
            frame[f"severity_{name}"] = s["severity"].reindex(codes)
            frame[f"statement_{name}"] = s["statement"].reindex(codes)
        return frame

    def to_markdown(self) -> str:
        """The diagnosis as Markdown: findings by severity, then the prescription."""
        lines = [f"# Diagnosis: {self.athlete_name}, as of {self.as_of:%Y-%m-%d}", ""]
        for f in _by_severity(self.findings):
            lines += [f"## [{f.severity}] {f.title}", "", f.statement, ""]
        lines += ["## Prescription", ""]
        if self.prescription.base_phase_weeks:
            lines.append(f"- Base phase: {self.prescription.base_phase_weeks} weeks")
        if self.prescription.weekly_km is not None:
            lo, hi = self.prescription.weekly_km
            lines.append(f"- Weekly volume: {lo:.0f}-{hi:.0f} km")
        for a in self.prescription.advice:
            lines.append(f"- {a.topic}: {a.text} (because: {', '.join(a.because)})")
        if self.prescription.paces is not None:
            lines += ["", "| intensity | pace (min/km) |", "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in self.prescription.paces_frame()["pace"].items()]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """A self-contained HTML report (figures embedded, no request leaves the page)."""
        import matplotlib.pyplot as plt

        sections = []
        for f in _by_severity(self.findings):
            ax = f.plot()
            figure = html.image(ax.figure, f.title)  # type: ignore[arg-type]
            plt.close(ax.figure)  # type: ignore[arg-type]
            body = (
                f'<p><span class="severity {f.severity}">{html.escape(f.severity)}</span>'
                f"{html.escape(f.statement)}</p>\n{figure}\n{html.table(f.evidence_frame())}"
            )
            sections.append((f.title, body))
        sections.append(("Prescription", _prescription_html(self.prescription)))
        title = f"Diagnosis: {self.athlete_name}, as of {self.as_of:%Y-%m-%d}"
        return html.page(title, sections, intro=_goal_html(self.goal))


def _by_severity(findings: tuple[Finding, ...]) -> list[Finding]:
    order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    return sorted(findings, key=lambda f: order[f.severity])


def _goal_html(goal: Goal | None) -> str:
    if goal is None:
        return ""
    target = format_time(goal.time_s) if goal.time_s is not None else f"{goal.standard} standard"
    return f"<p>Goal: {goal.distance_m / 1000:.1f} km in {html.escape(target)}</p>"


def _prescription_html(p: Prescription) -> str:
    items = [f"<li>{html.escape(a.topic)}: {html.escape(a.text)}</li>" for a in p.advice]
    if p.base_phase_weeks:
        items.insert(0, f"<li>Base phase: {p.base_phase_weeks} weeks</li>")
    if p.weekly_km is not None:
        items.insert(0, f"<li>Weekly volume: {p.weekly_km[0]:.0f}-{p.weekly_km[1]:.0f} km</li>")
    return f"<ul>{''.join(items)}</ul>\n" + html.table(p.paces_frame())
