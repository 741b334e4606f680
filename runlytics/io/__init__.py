"""Readers and writers of activity files."""
