"""The one exception for "we cannot go on": the user or the environment is wrong.

Problems in the data are diagnostics (see diagnostics.py), collected and never raised.
A FatalError prints one Chinese line and the command exits 2.
"""

from __future__ import annotations


class FatalError(Exception):
    """A condition that stops the command: not a repository, a shallow clone, a missing file."""
