"""What `taizhang init` writes into a new ledger repository, and `taizhang upgrade` keeps current.

registry.py drafts the unit registry from a plan's names and files.py renders every file (both pure);
engine.py finds the hashes the workflows pin (from the wheel, or PyPI); templates/ holds the workflows
and the issue form a ledger repository runs, installing the engine pinned, with hashes.
"""
