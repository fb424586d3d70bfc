"""Workflow declarations, one module per slug (see DESIGN.md §4)."""
