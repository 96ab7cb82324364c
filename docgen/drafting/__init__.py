"""Drafting: templates filled from data, checked against Nghị định 30, reports from sheets,
signature fields. Builds on docgen.base only; knows nothing of the archive."""
