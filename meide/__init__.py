"""Meide (美德信用): the engine behind the virtue-credit apps; importing it never imports panel."""

__version__ = "0.1.0"
