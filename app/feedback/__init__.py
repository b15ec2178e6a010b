"""Clinicians ' feedback on answers (see the package face)."""
