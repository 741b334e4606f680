"""Whole exports: :func:`read_export` to an immutable :class:`History`, with a run cache.

See ``docs/history.md`` ("History and exports").
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
