"""Orchestration: the only floor that opens the store, reads files, resolves home and config."""
