"""The importer's edges: reading the plan's text file, writing plan.yml and the task files, telling the user.

Exit status of `taizhang import-plan`: 0 when every unit name matched the registry and every task has
its roles; 1 when the files were written (or the JSON printed) but some names matched nothing or some
task has no roles — `taizhang validate` points at each such place; 2 when nothing could be imported.
"""

from __future__ import annotations

from pathlib import Path

from taizhang.data import layout
from taizhang.errors import FatalError
from taizhang.importer import Imported
from taizhang.importer.render import plan_yaml, task_yaml

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def read_text(path: Path) -> str:
    """The text of a plan file in UTF-8 (with or without BOM), GB18030/GBK or UTF-16."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FatalError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise FatalError(f"无法读取 {path}：{exc.strerror}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ENCODINGS[:2]:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FatalError(f"无法识别 {path} 的文字编码；请把它另存为 UTF-8 编码的纯文本（.txt）后再导入")


def render_files(root: Path, out: Path, result: Imported, site_url: str | None = None) -> dict[str, str]:
    """File name -> text for plan.yml and every task, with $schema references that work from `out`."""
    unmatched = {u.name: u for u in result.unmatched}
    files = {"plan.yml": plan_yaml(result, layout.schema_ref(root, str(out / "plan.yml"), "plan", site_url))}
    task_schema = layout.schema_ref(root, str(out / "t1.yml"), "task", site_url)
    for task in result.tasks:
        files[f"{task.id}.yml"] = task_yaml(task, task_schema, unmatched)
    return files


def write_files(out: Path, files: dict[str, str], force: bool) -> list[str]:
    """Write `files` into `out`; refuse to overwrite unless `force`. Returns task files left from before."""
    existing = sorted(name for name in files if (out / name).exists())
    if existing and not force:
        shown = "、".join(existing[:5]) + ("等" if len(existing) > 5 else "")
        raise FatalError(
            f"{out} 中已有 {len(existing)} 个同名文件（{shown}），没有写入任何文件；如确要覆盖，请加 --force"
        )
    if out.exists() and not out.is_dir():
        raise FatalError(f"--out 指定的 {out} 不是目录")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return sorted(p.name for p in out.glob("t*.yml") if p.name not in files)


def report(source: Path, result: Imported, out: Path | None, leftovers: list[str]) -> list[str]:
    """What to tell the user on stderr, line by line, in Chinese."""
    plan = result.plan
    lines = [f"已从 {source} 读出《{plan['title']}》（{plan['document_number']}）：{len(result.tasks)} 项任务。"]
    if out is not None:
        lines.append(f"已写入 {out}：plan.yml 和 {len(result.tasks)} 个任务文件。")
    if result.unmatched:
        lines.append("以下单位名称未能与单位名录（units/、groups/）对应，已原样写入，taizhang validate 会逐处指出：")
        for u in result.unmatched:
            near = (
                f"；最接近的已登记单位是“{u.closest.name}”（代码 {u.closest.id}）"
                if u.closest
                else "；单位名录中没有相近的名称"
            )
            lines.append(f"  “{u.name}”（见{'、'.join(u.where)}）{near}")
    lines += [f"注意：{w}" for w in result.warnings]
    if leftovers:
        lines.append(f"注意：{out} 中还有本次没有生成的任务文件：{'、'.join(leftovers)}；如已不需要，请删除。")
    guesses = [c for c in result.checks.values() if "请" in c]
    if guesses:
        lines.append(f"plan.yml 中有 {len(guesses)} 处推断或默认值（带“请核对”“请填写”注释），请逐条核对。")
    return lines


def exit_code(result: Imported) -> int:
    return 1 if result.unmatched or any(not t.refs for t in result.tasks) else 0
