"""Printing: the Jinja environment and the documents rendered from data it is given."""
