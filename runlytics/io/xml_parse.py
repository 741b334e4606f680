"""What the XML readers (GPX, TCX) share for reading: safe parsing and vectorised conversion.

Parsing is safe by construction: lxml never expands entities, never loads a DTD,
never touches the network and keeps its default size limits (``huge_tree=False``).
A document that declares entities is refused: by a search of its bytes before
any parser sees it, and by the parser's own view of the DTD (or, for gpxpy, of
the decoded text), so no encoding (UTF-16 or UTF-32 without a byte-order mark,
UTF-7) hides a declaration.

Element names are matched by local name whatever their namespace (``{*}hr``
matches ``gpxtpx:hr``, ``ns3:hr`` and a bare ``hr``). Numbers and times are
collected as strings and converted in one vectorised step; times outside the
years 1900-2199 are dropped with a note, never read as another date.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from lxml import etree

from runlytics.errors import CorruptFileError, RecoveredDataWarning, UnsupportedFormatError
from runlytics.io.source import Payload

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = {b"\xff\xfe\x00\x00": "utf-32-le", b"\x00\x00\xfe\xff": "utf-32-be"}
_NO_BOM_STARTS = {
    b"\x00\x00\x00<": "utf-32-be",
    b"<\x00\x00\x00": "utf-32-le",
    b"\x00<\x00?": "utf-16-be",
    b"<\x00?\x00": "utf-16-le",
}
_ENTITIES_REFUSED = "declares XML entities (<!ENTITY>); refused for safety, never expanded"
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})$")
_CHAR_REF = re.compile(r"xmlParseCharRef: invalid xmlChar value (\d+)")
_LINE_SUFFIX = re.compile(r",? line \d+, column \d+$")
_ENCODING_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


# --------------------------------------------------------------------------- parsing


class Recovery:
    """Collects the notes of one read; with ``strict=True`` a recovery raises instead."""

    def __init__(self, source: str, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        """Record something done to the data that is not a repair."""
        self.notes.append(text)

    def recover(self, text: str) -> None:
        """Record a repair of damaged data, or raise :class:`CorruptFileError` when strict."""
        if self.strict:
            raise CorruptFileError(self.source, f"{text} (strict=True)")
        self.notes.append(text)

    def child(self) -> Recovery:
        """A new collector starting with this one's notes (one per activity of a file)."""
        out = Recovery(self.source, self.strict)
        out.notes = list(self.notes)
        return out


#: lxml options that expand no entity, load no DTD and never use the network.
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser with :data:`SAFE_OPTIONS`."""
    return etree.XMLParser(recover=recover, **SAFE_OPTIONS)


def clean_bytes(payload: Payload) -> bytes:
    """The document bytes without a UTF-8 byte-order mark or leading whitespace.

    Raises :class:`CorruptFileError` for an empty document or one that declares
    entities (``<!ENTITY``): activity files never need them and they are the
    vehicle of entity-expansion and external-entity attacks.
    """
    data = payload.data
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if not data.startswith(_UTF16_BOMS):
        data = data.lstrip()
    if not data:
        raise CorruptFileError(payload.name, "is empty")
    if b"<!ENTITY" in _as_utf8(data):
        raise CorruptFileError(payload.name, _ENTITIES_REFUSED)
    return data


def _as_utf8(data: bytes) -> bytes:
    """UTF-16 documents re-encoded as UTF-8 (for byte searches); others unchanged."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    return data


def decode_text(data: bytes, name: str = "<stream>") -> str:
    """Document bytes as text (BOM or declared encoding, else UTF-8), declared UTF-8.

    Raises :class:`CorruptFileError` when the bytes are not valid in that
    encoding, or when the decoded text declares entities (whatever the encoding).
    """
    encoding = next((e for bom, e in _UTF32_BOMS.items() if data.startswith(bom)), None)
    if encoding is None and data.startswith(_UTF16_BOMS):
        encoding = "utf-16"
    if encoding is None:  # no byte-order mark: the first character is '<' (XML appendix F)
        encoding = _NO_BOM_STARTS.get(data[:4])
    if encoding is None:
        head = data[:200].decode("ascii", errors="replace")
        match = re.search(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""", head.split("?>")[0])
        encoding = match.group(1) if match else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:
        encoding = "utf-8"
        text = _decode(data, encoding, name)
    except UnicodeDecodeError:
        text = _decode(data, encoding, name)
    if "<!ENTITY" in text:
        raise CorruptFileError(name, _ENTITIES_REFUSED)
    if "\x00" in text:
        raise CorruptFileError(
            name, f"is not valid {encoding.upper()} XML text (it holds NUL bytes)"
        )
    return _ENCODING_DECL.sub(r'\1"utf-8"', text, count=1)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start:,}"
        raise CorruptFileError(
            name, f"is not valid {encoding.upper()} text at {where} ({exc.reason})"
        ) from exc


def parse_xml(payload: Payload, recovery: Recovery, root_names: Sequence[str]) -> etree._Element:
    """Parse ``payload`` safely and check its root element's local name.

    A document cut short (the syntax error is at the very end of the data, as
    when a device crashed while writing) is read up to the damage with a
    :class:`RecoveredDataWarning`, or raises with ``strict=True``; any other
    syntax error raises :class:`CorruptFileError` naming the line.
    """
    data = clean_bytes(payload)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        root = _recover_truncated(payload, data, exc, recovery)
    refuse_entities(root, payload.name)
    name = local_name(root.tag)
    if name not in root_names:
        kinds = " or ".join(f"<{n}>" for n in root_names)
        raise UnsupportedFormatError(payload.name, f"is XML with root <{name}>, not {kinds}")
    return root


def refuse_entities(element: etree._Element, name: str) -> None:
    """Raise :class:`CorruptFileError` if the document of ``element`` declares entities.

    This is the parser's view, so it holds whatever the encoding (UTF-16 or
    UTF-32 without a byte-order mark, UTF-7...), unlike a search of the bytes.
    """
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.entities()), None) is not None:
        raise CorruptFileError(name, _ENTITIES_REFUSED)


def _recover_truncated(
    payload: Payload, data: bytes, exc: etree.XMLSyntaxError, recovery: Recovery
) -> etree._Element:
    message = syntax_problem(exc)
    if not at_end(data, exc) or recovery.strict:
        raise CorruptFileError(payload.name, message) from exc
    try:
        root = etree.fromstring(data, safe_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise CorruptFileError(payload.name, message) from exc
    note_cut_short(payload.name, exc, recovery)
    return root


def note_cut_short(name: str, exc: etree.XMLSyntaxError, recovery: Recovery) -> None:
    """Note (and warn) that a cut-short document was read up to the damage."""
    reason = _LINE_SUFFIX.sub("", str(exc.msg))
    text = f"file is cut short at line {exc.lineno or 0} ({reason}); read what precedes the damage"
    recovery.recover(text)
    warnings.warn(f"{name}: {text}", RecoveredDataWarning, stacklevel=5)


def at_end(data: bytes, exc: etree.XMLSyntaxError) -> bool:
    """True when the syntax error sits at the very end of the data (a cut-short file)."""
    line, column = exc.position
    end_line = data.count(b"\n") + 1
    end_column = len(data) - data.rfind(b"\n")
    return (line, column) >= (end_line, end_column)


def syntax_problem(exc: BaseException) -> str:
    """'is not well-formed XML at line N: reason' from an lxml syntax error."""
    line = getattr(exc, "lineno", None)
    reason = _LINE_SUFFIX.sub("", str(getattr(exc, "msg", None) or exc))
    reason = _CHAR_REF.sub(r"character reference &#\1; is not a valid XML character", reason)
    where = f" at line {line}" if line else ""
    return f"is not well-formed XML{where}: {reason}"


def local_name(tag: object) -> str:
    """The local part of an lxml tag (``'{ns}hr'`` -> ``'hr'``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag[tag.rfind("}") + 1 :]


def child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first child with local name ``name`` (any namespace), else None."""
    child = element.find("{*}" + name)
    return None if child is None else child.text


# ---------------------------------------------------------------------- conversion


class Tally:
    """Counts and the first example of bad values per kind, noted once (batched readers)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._examples: dict[str, object] = {}

    def add(self, template: str, count: int, example: object) -> None:
        """Count ``count`` values for ``template`` (``{count}`` and ``{example!r}`` fields)."""
        if count:
            self._counts[template] = self._counts.get(template, 0) + count
            self._examples.setdefault(template, example)

    def report(self, recovery: Recovery) -> None:
        """One note (or, when strict, an error) per kind of bad value, in order found."""
        for template, count in self._counts.items():
            recovery.recover(template.format(count=count, example=self._examples[template]))


def to_floats(texts: Sequence[str | None], label: str, recovery: Recovery) -> np.ndarray:
    """Float64 array from number strings; None, blank and 'nan' are NaN.

    A string that is not a finite number becomes NaN with a note, or raises
    :class:`CorruptFileError` when strict.
    """
    tally = Tally()
    values = float_values(texts, label, tally)
    tally.report(recovery)
    return values


def float_values(texts: Sequence[str | None], label: str, tally: Tally) -> np.ndarray:
    """:func:`to_floats` with the unreadable values counted in ``tally``."""
    if texts.count(None) == len(texts):
        return np.full(len(texts), np.nan)
    prepared = ["nan" if t is None else t for t in texts]
    try:
        values = np.array(prepared, dtype=np.float64)
        bad = np.isinf(values)
    except ValueError:  # garbage or blanks: the slow path finds which
        values = np.array([_float_or_nan(t) for t in prepared], dtype=np.float64)
        bad = np.isinf(values) | np.array([_is_bad_number(t) for t in prepared], dtype=bool)
    if bad.any():
        example = prepared[int(np.flatnonzero(bad)[0])].strip()
        tally.add(
            f"{{count}} unreadable {label} value(s) (e.g. {{example!r}}) set to NaN",
            int(bad.sum()),
            example,
        )
        values[bad] = np.nan
    return values


def _float_or_nan(text: str) -> float:
    try:
        return float(text)
    except (ValueError, OverflowError):
        return np.nan


def _is_bad_number(text: str) -> bool:
    stripped = text.strip()
    return stripped not in ("", "nan") and np.isnan(_float_or_nan(stripped))


#: Activity times lie in these years; others are a broken clock or a broken file.
FIRST_YEAR, END_YEAR = 1900, 2200
_EARLIEST = pd.Timestamp(f"{FIRST_YEAR}-01-01", tz="UTC")
_LATEST = pd.Timestamp(f"{END_YEAR}-01-01", tz="UTC")


def parse_times(texts: Sequence[str | None], label: str, recovery: Recovery) -> np.ndarray:
    """UTC ``datetime64[ns]`` array (NaT where missing) from ISO-8601 strings.

    Offsets are applied; times without one are taken as UTC (as GPX and TCX
    specify). Times are truncated to the microsecond, the precision of Python
    datetimes. A present but unreadable time, or one outside the years
    1900-2199, is NaT with a note (error when strict): never a different date.
    """
    tally = Tally()
    times = time_values(texts, label, tally)
    tally.report(recovery)
    return times


def time_values(texts: Sequence[str | None], label: str, tally: Tally) -> np.ndarray:
    """:func:`parse_times` with the unreadable and out-of-range times counted in ``tally``."""
    series = pd.Series(list(texts), dtype=object)
    parsed = pd.to_datetime(series, format="ISO8601", utc=True, errors="coerce")
    missing = parsed.isna().to_numpy()
    if missing.any():
        bad = missing & np.array([_is_text(t) for t in texts], dtype=bool)
        if bad.any():
            example = str(series[bad].iloc[0]).strip()
            template = f"{{count}} unreadable {label} value(s) (e.g. {{example!r}}) ignored"
            tally.add(template, int(bad.sum()), example)
    inside = ((parsed >= _EARLIEST) & (parsed < _LATEST)).to_numpy(dtype=bool)
    outside = ~missing & ~inside
    if outside.any():
        year = int(parsed[outside].iloc[0].year)
        tally.add(out_of_range_template(label), int(outside.sum()), year)
        parsed = parsed.where(~outside)
    return parsed.dt.floor("us").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def out_of_range_template(label: str) -> str:
    """The note for times outside :data:`FIRST_YEAR`-:data:`END_YEAR` (example: a year)."""
    return (
        f"{{count}} {label} value(s) outside the years {FIRST_YEAR}-{END_YEAR - 1} "
        "(e.g. year {example}) ignored"
    )


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def utc_offset_of(text: str | None) -> pd.Timedelta | None:
    """Local time minus UTC from an ISO-8601 time's suffix; None for 'Z', none or zero.

    A zero offset is treated like 'Z' (gpxpy cannot tell them apart and writers
    use both to mean plain UTC).
    """
    if not text:
        return None
    match = _OFFSET.search(text.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    offset = pd.Timedelta(hours=int(match.group(2)), minutes=int(match.group(3))) * sign
    return offset if offset != pd.Timedelta(0) else None
