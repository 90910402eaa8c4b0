"""Output that cannot be hijacked: a path or a text from a pull request reaches GitHub's workflow
commands, the job summary and the log only as text. On GitHub Actions any output line starting with
"::" is run as a command (`::add-mask::`, `::stop-commands::`, a fake `::error`), and the summary is
Markdown rendered on the run page."""

from __future__ import annotations

from pathlib import Path

import pytest

from taizhang.cli import main
from taizhang.data.diagnostics import Diagnostic, code_span, format_github, summary_markdown

HIJACK = "reports/2023-08/x.yml\n::add-mask::secret\r\n::error file=a,line=1::forged"


def _commands(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def test_workflow_commands_escape_paths_and_messages_as_githubs_toolkit_does() -> None:
    d = Diagnostic("reports/a,b:c%d.yml", 3, 5, "Y105", "第一行\n::warning::假的%0A\r结束")
    assert format_github([d]) == (
        "::error file=reports/a%2Cb%3Ac%25d.yml,line=3,col=5,title=Y105 YAML 语法错误"
        "::第一行%0A::warning::假的%250A%0D结束\n"
    )


def test_text_output_keeps_each_problem_on_one_line() -> None:
    d = Diagnostic(HIJACK, 1, 1, "P301", "键“a\n::warning::x”重复")
    assert "\n" not in d.as_text() and "\r" not in d.as_text()
    assert d.as_text().startswith("reports/2023-08/x.yml\\n::add-mask::secret\\r\\n::error")


def test_the_summary_shows_paths_and_messages_as_text_not_markdown_or_html() -> None:
    d = Diagnostic(
        "reports/`x`|<img src=x onerror=alert(1)>[a](https://evil.example)", 1, 1, "Y105", "<b>粗</b> [链接](x)"
    )
    summary = summary_markdown([d], 1)
    row = summary.splitlines()[-1]
    outside_code = row.split("``")[0] + row.split("``")[2]  # a code span shows its text as typed
    assert "<" not in outside_code and "](" not in outside_code and row.count("``") == 2
    assert code_span("a`b|c") == "``a`b\\|c``" and code_span("`x") == "`` `x ``"
    assert row.startswith("| ``reports/`x`\\|<img src=x onerror=alert(1)>[a](https://evil.example)`` | 1 | Y105 |")
    assert "&#60;b&#62;" in row and "&#91;链接&#93;" in row


def test_validate_on_github_actions_cannot_be_made_to_run_a_command(
    ledger_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    bad = ledger_root / HIJACK
    bad.parent.mkdir(parents=True)
    bad.write_text("kind: monthly\n", encoding="utf-8")
    report = ledger_root / "reports/2023-08/xinfu.yml"
    report.write_text('"a\\n::add-mask::x": 1\n"b\\n::stop-commands::t": 2\n', encoding="utf-8")

    assert main(["--root", str(ledger_root), "validate"]) == 1
    out, err = capsys.readouterr()
    commands = _commands(out + "\n" + err)
    assert commands and all(c.startswith("::error file=reports/2023-08/") for c in commands)
    assert "::add-mask::" not in "".join(c.split("::", 2)[1] for c in commands)  # only inside escaped data
    text = summary.read_text(encoding="utf-8")
    assert "\n::" not in text and "\r" not in text


def test_authorize_on_github_actions_names_a_hostile_path_without_running_it(
    ledger_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(ledger_root), "authorize", "--author", "xz-xinfu", HIJACK]) == 1
    out, err = capsys.readouterr()
    commands = _commands(out + "\n" + err)
    assert commands == [c for c in commands if c.startswith("::error file=reports/2023-08/x.yml%0A%3A%3Aadd-mask")]
    assert len(commands) == 1
    text = summary.read_text(encoding="utf-8")
    assert "\n::" not in text and "- `reports/2023-08/x.yml\\n::add-mask::secret" in text


def test_a_fatal_error_naming_a_hostile_path_stays_on_one_line(
    ledger_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(ledger_root), "validate", str(ledger_root / "missing\n::add-mask::x")]) == 2
    err = capsys.readouterr().err
    assert not _commands(err) and "missing\\n::add-mask::x" in err
