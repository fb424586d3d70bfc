"""Printing: document kinds and the one pipeline (printer.render) that renders data it is given."""
