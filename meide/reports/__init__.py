"""Reports: dashboard figures and the data of printouts, read through the programme packages and the ledger."""
