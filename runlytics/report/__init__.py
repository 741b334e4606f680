"""Figures and reports: matplotlib plots of runs (and, next, of histories and diagnoses)."""
