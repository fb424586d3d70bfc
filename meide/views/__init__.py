"""Panel views over the engine: the only part of meide that imports panel."""
