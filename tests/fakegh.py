"""A stand-in for the `gh` command line, for running scripts/ci/* end to end without GitHub.

It answers `gh api` from JSON files (the code host's answers, keyed by the endpoint's path without the
repository and the query: `pulls/7` is `<answers>/pulls/7.json`), merges pull requests for real in a
bare repository acting as origin (refusing, as GitHub does, when the head moved), and logs each call.
Before answering an endpoint, it runs `<answers>/hooks/<path>.sh` once, if present (to move a head
between the judgment and the merge).

    FAKE_GH_ANSWERS=dir FAKE_GH_ORIGIN=origin.git FAKE_GH_LOG=calls.jsonl python tests/fakegh.py api ...
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

_OPTIONS = {"--method": "method", "-X": "method", "--jq": "jq", "-q": "jq", "--input": "input"}
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def main(argv: list[str]) -> int:
    with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(argv, ensure_ascii=False) + "\n")
    if argv[:1] != ["api"]:
        return 0  # gh workflow run, gh auth git-credential: nothing to answer
    options, fields, endpoint = _parse(argv[1:])
    answer = _answer(options.get("method", "GET"), endpoint, fields)
    if answer is None:
        return 1
    text = json.dumps(answer, ensure_ascii=False)
    if "jq" in options:
        text = subprocess.run(
            ["jq", "-r", options["jq"]], input=text, capture_output=True, text=True, check=True
        ).stdout
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _parse(args: list[str]) -> tuple[dict[str, str], dict[str, str], str]:
    options: dict[str, str] = {}
    fields: dict[str, str] = {}
    endpoint = ""
    items = iter(args)
    for arg in items:
        if arg in _OPTIONS:
            options[_OPTIONS[arg]] = next(items)
        elif arg in ("-f", "-F", "--raw-field", "--field"):
            key, _, value = next(items).partition("=")
            if arg in ("-F", "--field") and value.startswith("@"):
                value = Path(value[1:]).read_text(encoding="utf-8")
            fields[key] = value
        elif arg == "--paginate":
            continue
        else:
            endpoint = arg
    return options, fields, endpoint


def _answer(method: str, endpoint: str, fields: dict[str, str]) -> Any:
    answers = Path(os.environ["FAKE_GH_ANSWERS"])
    if endpoint == "graphql":
        key = f"graphql/issue-{fields['number']}"
    else:
        key = endpoint.partition("?")[0].removeprefix("repos/{owner}/{repo}").strip("/") or "repo"
    hook = answers / "hooks" / f"{key}.sh"
    if hook.is_file():
        subprocess.run(["bash", str(hook)], check=True)
        hook.unlink()
    if method == "PUT" and key.startswith("pulls/") and key.endswith("/merge"):
        return _merge(int(key.split("/")[1]), fields)
    if (method, key) != ("GET", "pulls") or not (answers / "pulls.json").is_file():
        written = _write(method, key, endpoint.partition("?")[2], fields)
        if written is not None:
            return written
    found = answers / f"{key}.json"
    if method != "GET" or not found.is_file():
        sys.stderr.write(f"gh: Not Found (HTTP 404) {method} {key}\n")
        return None
    data = json.loads(found.read_text(encoding="utf-8"))
    return {"data": {"repository": {"issue": data}}} if endpoint == "graphql" else data


def _git(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    origin = os.environ["FAKE_GH_ORIGIN"]
    done = subprocess.run(
        ["git", "-C", origin, *args], capture_output=True, text=True, env=env, input=stdin, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def _state() -> dict[str, Any]:
    path = Path(os.environ["FAKE_GH_ANSWERS"]) / "_state.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"pulls": {}}


def _save(state: dict[str, Any]) -> None:
    (Path(os.environ["FAKE_GH_ANSWERS"]) / "_state.json").write_text(json.dumps(state), encoding="utf-8")


def _write(method: str, key: str, query: str, fields: dict[str, str]) -> Any:
    """What the form workflow does through the API: branches, file commits, pull requests, comments."""
    state = _state()
    if method == "POST" and key == "git/refs":
        if _git("rev-parse", "--verify", "--quiet", fields["ref"]):
            return None  # 422: the reference already exists
        _git("update-ref", fields["ref"], fields["sha"])
        return {"ref": fields["ref"]}
    if method == "PATCH" and key.startswith("git/refs/"):
        _git("update-ref", "refs/" + key.removeprefix("git/refs/"), fields["sha"])
        return {"ref": key}
    if method == "PUT" and key.startswith("contents/"):
        branch = f"refs/heads/{fields['branch']}"
        blob = _git("hash-object", "-w", "--stdin", stdin=base64.b64decode(fields["content"]).decode())
        index = {"GIT_INDEX_FILE": str(Path(os.environ["FAKE_GH_ANSWERS"]) / "_index"), **os.environ}
        _git("read-tree", branch, env=index)
        _git("update-index", "--add", "--cacheinfo", f"100644,{blob},{key.removeprefix('contents/')}", env=index)
        tree = _git("write-tree", env=index)
        env = index | {"GIT_AUTHOR_NAME": fields["author[name]"], "GIT_AUTHOR_EMAIL": fields["author[email]"]}
        env |= {"GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}
        commit = _git("commit-tree", tree, "-p", branch, "-m", fields["message"], env=env)
        _git("update-ref", branch, commit)
        return {"commit": {"sha": commit}}
    if method == "GET" and key == "pulls":
        head = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("head", "").partition(":")[2]
        return [{"number": int(n)} for n, branch in state["pulls"].items() if branch == head]
    if method == "POST" and key == "pulls":
        number = 1 + len(state["pulls"])
        state["pulls"][str(number)] = fields["head"]
        _save(state)
        return {"number": number}
    if method == "GET" and key.startswith("pulls/") and key.split("/")[1] in state["pulls"]:
        number = int(key.split("/")[1])
        head = _git("rev-parse", f"refs/heads/{state['pulls'][str(number)]}")
        return {"number": number, "created_at": "2023-11-03T15:58:00Z", "head": {"sha": head}}
    if method == "POST" and key.startswith("issues/") and key.endswith("/comments"):
        with open(Path(os.environ["FAKE_GH_ANSWERS"]) / "_comments.md", "a", encoding="utf-8") as out:
            out.write(fields["body"])
        return {"body": fields["body"]}
    return None


def _merge(number: int, fields: dict[str, str]) -> Any:
    git = _git
    branch = _state()["pulls"].get(str(number))
    current = f"refs/heads/{branch}" if branch else f"refs/pull/{number}/head"
    if fields.get("sha") != git("rev-parse", current):
        sys.stderr.write("gh: Head branch was modified. Review and try the merge again. (HTTP 409)\n")
        return None
    main = git("rev-parse", "refs/heads/main")
    tree = git("merge-tree", "--write-tree", main, fields["sha"])
    if fields.get("merge_method") != "merge" or not tree:
        sys.stderr.write("gh: Pull Request is not mergeable (HTTP 405)\n")
        return None
    message = f"{fields['commit_title']}\n\n{fields['commit_message']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_NAME": BOT[0], "GIT_AUTHOR_EMAIL": BOT[1]}
    env |= {"GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}
    commit = git("commit-tree", tree.splitlines()[0], "-p", main, "-p", fields["sha"], "-m", message, env=env)
    git("update-ref", "refs/heads/main", commit, main)
    return {"sha": commit, "merged": True, "message": "Pull Request successfully merged"}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
