"""Real git repositories in temp dirs, with commits at chosen dates (GIT_AUTHOR_DATE/GIT_COMMITTER_DATE).

    repo = LedgerRepo.create(tmp_path / "ledger")          # the bundled ledger, committed 2023-07-16
    repo.submit("reports/2023-07/xinfu.yml", at="2023-08-03T20:00:00+08:00")   # merged by pull request
    repo.commit({"reports/2023-07/xinfu.yml": text}, at="2023-08-05T10:00:00+08:00")  # straight to main

Dates are ISO 8601 with an offset. Git's own configuration is isolated from the machine's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from taizhang import templates
from taizhang.data.validate import validate
from taizhang.tracking import handin

REPO_ROOT = Path(__file__).resolve().parents[1]
LEDGER_FILES = ("taizhang.yml", "calendar.yml", "units", "groups", "tasks")
SETUP_AT = "2023-07-16T15:00:00+08:00"

Files = dict[str, str | None]  # path -> new text, or None to delete


def mark_demo(root: Path) -> None:
    """taizhang.yml says `demo: true`: sample data (示例数据) is allowed, as in `taizhang demo`."""
    config = root / "taizhang.yml"
    config.write_text(config.read_text(encoding="utf-8") + "demo: true\n", encoding="utf-8")


BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def git_env(
    at: str | None = None,
    author_at: str | None = None,
    committer: tuple[str, str] | None = None,
    author: tuple[str, str] | None = None,
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "忻府区交通运输局",
        "GIT_AUTHOR_EMAIL": "xz-xinfu@users.noreply.github.com",
        "GIT_COMMITTER_NAME": "GitHub",
        "GIT_COMMITTER_EMAIL": "noreply@github.com",
    }
    if committer:
        env |= {"GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1]}
    if author:
        env |= {"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1]}
    if at:
        env |= {"GIT_COMMITTER_DATE": at, "GIT_AUTHOR_DATE": author_at or at}
    return env


def git(
    cwd: Path,
    *args: str,
    at: str | None = None,
    author_at: str | None = None,
    committer: tuple[str, str] | None = None,
    author: tuple[str, str] | None = None,
) -> str:
    env = git_env(at, author_at, committer, author)
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


class LedgerRepo:
    """A ledger repository on branch main; every change is committed at a date the test chooses."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pulls = 0

    @classmethod
    def create(cls, root: Path, at: str = SETUP_AT, ledger: bool = True, demo: bool = True) -> LedgerRepo:
        """The bundled ledger committed at `at`. `demo`: marked as a demo repository (taizhang.yml
        `demo: true`), so that the sample reports (示例数据) most tests submit are allowed."""
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "--quiet", "--initial-branch=main")
        repo = cls(root)
        if ledger:
            for name in LEDGER_FILES:
                source = REPO_ROOT / name
                if source.is_dir():
                    shutil.copytree(source, root / name)
                elif source.is_file():
                    shutil.copy2(source, root / name)
            if demo:
                mark_demo(root)
            repo.commit({}, at=at, message="建立台账")
        return repo

    def git(
        self,
        *args: str,
        at: str | None = None,
        author_at: str | None = None,
        committer: tuple[str, str] | None = None,
        author: tuple[str, str] | None = None,
    ) -> str:
        return git(self.root, *args, at=at, author_at=author_at, committer=committer, author=author)

    def apply(self, files: Files) -> None:
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def commit(self, files: Files, at: str, message: str = "提交", author_at: str | None = None) -> str:
        """Commit `files` straight on the current branch; returns the commit id."""
        self.apply(files)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "--no-gpg-sign", "-m", message, at=at, author_at=author_at)
        return self.git("rev-parse", "HEAD")

    def merge(
        self,
        files: Files,
        at: str,
        opened_at: str | None = None,
        branch: str | None = None,
        handed_in: str | None = None,
        merger: tuple[str, str] | None = None,
        unit_message: str = "",
    ) -> str:
        """A pull request: `files` committed on a branch at `opened_at`, merged with --no-ff at `at`.

        With `handed_in`, the merge job makes the merge through the API: authored by `merger` (default:
        the bot), committed by GitHub, with the hand-in trailers (handin.format_trailers) naming the branch commit as the judged head.
        `unit_message` is appended to the unit's own commit message (e.g. a forged trailer)."""
        self.pulls += 1
        name = branch or f"pr-{self.pulls}"
        self.git("checkout", "--quiet", "-b", name, "main")
        head = self.commit(files, at=opened_at or at, message=f"报送 #{self.pulls}{unit_message}")
        self.git("checkout", "--quiet", "main")
        message = f"Merge pull request #{self.pulls}"
        if handed_in is not None:
            record = handin.HandIn(
                self.pulls, head, dt.datetime.fromisoformat(handed_in), dt.datetime.fromisoformat(at)
            )
            message += "\n\n" + handin.format_trailers(record)
        author = (merger or BOT) if handed_in is not None else merger
        self.git("merge", "--quiet", "--no-ff", "--no-gpg-sign", "-m", message, name, at=at, author=author)
        return self.git("rev-parse", "HEAD")

    def report(self, kind: str, unit: str, period: str) -> tuple[str, str]:
        """(path, text) of a complete, valid sample report (示例数据) for this ledger."""
        ledger = validate(self.root, only=[]).ledger
        return templates.render(self.root, ledger, kind, unit, period, example=True)

    def submit(
        self, kind: str, unit: str, period: str, at: str, opened_at: str | None = None, handed_in: str | None = None
    ) -> str:
        """A valid sample report of `unit` for `period` merged by pull request at `at`; returns its path."""
        path, text = self.report(kind, unit, period)
        self.merge({path: text}, at=at, opened_at=opened_at, handed_in=handed_in)
        return path
