"""GitHub Actions output (the code host's CI): annotations on changed files and the job summary.

Both are written only when running in GitHub Actions (GITHUB_ACTIONS=true); elsewhere nothing.
The environment is passed in, so the callers stay testable.
"""

from __future__ import annotations

from collections.abc import Mapping


def active(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def add_summary(env: Mapping[str, str], markdown: str) -> None:
    """Append to the run page's job summary (GITHUB_STEP_SUMMARY), when there is one."""
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(markdown)
