"""Reading and checking the data: YAML files in, diagnostics and the ledger's model out."""
