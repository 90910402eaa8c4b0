"""The public site: pages generated from the ledger, the MkDocs build and the local preview."""
