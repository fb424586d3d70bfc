"""TinyDB 4.9.0's own test suite (tests/ of its sdist, unchanged), run against Meide's store."""
