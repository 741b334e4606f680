"""The history floor: whole exports (:func:`read_export` to an immutable :class:`History`,
with a run cache) and their questions: fitness trend, layoffs, plateaus, phases, races.

See ``docs/history.md``.
"""

from runlytics.history.cache import clear_cache, default_cache_dir
from runlytics.history.export import read_export, read_exports
from runlytics.history.history import History, read_history

__all__ = [
    "History",
    "clear_cache",
    "default_cache_dir",
    "read_export",
    "read_exports",
    "read_history",
]
