"""GitHub Actions output (the code host's CI): annotations on changed files and the job summary.

Both are written only when running in GitHub Actions (GITHUB_ACTIONS=true); elsewhere nothing.
The environment is passed in, so the callers stay testable.
"""

from __future__ import annotations

from collections.abc import Mapping


def active(env: Mapping[str, str]) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def escape_property(value: str) -> str:
    """A workflow command's property value (file=, title=), escaped as GitHub's toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does: it cannot end the command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(path: str, title: str, message: str, line: int | None = None, column: int | None = None) -> str:
    """One `::error` workflow command, so the problem shows on the pull request's changed line."""
    where = f"file={escape_property(path)}"
    where += f",line={line}" if line is not None else ""
    where += f",col={column}" if column is not None else ""
    return f"::error {where},title={escape_property(title)}::{escape_data(message)}\n"


def add_summary(env: Mapping[str, str], markdown: str) -> None:
    """Append to the run page's job summary (GITHUB_STEP_SUMMARY), when there is one."""
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(markdown)
