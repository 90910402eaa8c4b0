"""The files of a new ledger repository: registry, settings, README, pinned engine, workflows (text in,
text out; the only files read are the package's own templates and engine.lock).

The workflows and .github/taizhang-requirements.txt are the engine's (generated, rewritten whole by
`taizhang upgrade`); taizhang.yml, units/, groups/, tasks/ and README.md are the bureau's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from taizhang.starter.registry import Draft, DraftGroup, DraftUnit

REQUIREMENTS = ".github/taizhang-requirements.txt"
WORKFLOWS = ".github/workflows"
ISSUE_FORM = ".github/ISSUE_TEMPLATE/report.yml"
GITHUB_ONLY = ("pages.yml", "keepalive.yml")  # GitHub Pages and GitHub's 60-day pause of scheduled workflows


@dataclass(frozen=True)
class Settings:
    name: str  # 网站名称
    host: str  # github | gitea
    url: str  # the repository's address
    branch: str = "main"

    def site_url(self) -> str | None:
        """GitHub Pages' address for a github.com repository; unknown elsewhere."""
        parts = self.url.removeprefix("https://github.com/").split("/")
        if self.host != "github" or not self.url.startswith("https://github.com/") or len(parts) != 2:
            return None
        if "待填写" in self.url:
            return None
        return f"https://{parts[0].lower()}.github.io/{parts[1]}/"


@dataclass(frozen=True)
class Engine:
    version: str
    hashes: tuple[str, ...]  # sha256:… of the taizhang distribution files on the package registry


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def unit_yaml(unit: DraftUnit, order: int, schema: str | None) -> str:
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += [
        "# 由 taizhang init 根据工作要点原文起草：单位代码、类别和所属分组都是猜测，请维护人员逐项核对，",
        "# 填好填报账号和联系人，确认无误后删去最后的 draft 一行（taizhang validate 会列出还没做的）。",
        f"id: {unit.id}",
        f"name: {_q(unit.name)}",
        f"kind: {unit.kind}  # 猜测：{unit.why}",
        f"order: {order}",
        f"groups: [{', '.join(unit.groups)}]",
        'accounts: []  # 待填写：能代表本单位提交报告的代码托管平台账号或团队，如 [zhangsan] 或 ["@组织/团队"]',
        'contact: ""  # 待填写：联系人姓名和电话',
        "draft: true  # 待确认：核对以上各项后删去这一行",
    ]
    return "\n".join(lines) + "\n"


def group_yaml(group: DraftGroup, schema: str | None) -> str:
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    members = {"county": "县（市、区）交通运输局", "office": "科室", "affiliated": "局属单位"}
    guess = "、".join(members[k] for k in group.kinds) or "原文提到的全部单位"
    lines += [
        f"# 由 taizhang init 根据原文中的“{group.name}”起草。成员是猜测的（{guess}）：成员写在各单位文件的 groups 中，",
        "# 原文没有逐一列出的单位（如各县交通运输局）请在 units/ 中补充登记。核对后删去最后的 draft 一行。",
        f"id: {group.id}",
        f"name: {_q(group.name)}",
        "aliases:",
        *[f"  - {_q(alias)}" for alias in group.aliases],
        "draft: true  # 待确认：核对后删去这一行",
    ]
    return "\n".join(lines) + "\n"


def config_yaml(settings: Settings, schema: str | None) -> str:
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    site = settings.site_url()
    lines += [
        "# 本台账的设置（taizhang init 生成；属于本单位，taizhang upgrade 不会改动）。",
        "site:",
        f"  name: {_q(settings.name)}",
        *([f"  url: {site}"] if site else []),
        "repository:",
        f"  host: {settings.host}",
        f"  url: {settings.url}",
        f"  branch: {settings.branch}",
        "# 待填写：维护人员在代码托管平台上的账号（可以修改工作要点、单位名录和工作流），如 [zhangsan]",
        "maintainers: []",
    ]
    return "\n".join(lines) + "\n"


def registry_files(draft: Draft, schema: dict[str, str | None]) -> dict[str, str]:
    files = {f"units/{u.id}.yml": unit_yaml(u, i, schema["unit"]) for i, u in enumerate(draft.units, 1)}
    files.update({f"groups/{g.id}.yml": group_yaml(g, schema["group"]) for g in draft.groups})
    return files


def requirements(engine: Engine) -> str:
    """taizhang pinned with its hashes, then its dependencies as locked when this engine was built."""
    head = [
        "# 由 taizhang init / taizhang upgrade 生成，请不要手工修改。",
        "# 工作流用 pip install --require-hashes -r 本文件 安装固定版本的 taizhang 和它的依赖：",
        "# 每个文件的哈希都写在这里，拉取请求改不了判断它的程序。",
        f"taizhang=={engine.version} \\",
        *[f"    --hash={h} \\" for h in engine.hashes[:-1]],
        f"    --hash={engine.hashes[-1]}",
    ]
    lock = resources.files("taizhang").joinpath("starter", "engine.lock").read_text(encoding="utf-8")
    return "\n".join(head) + "\n" + lock


def engine_files(settings: Settings, engine: Engine) -> dict[str, str]:
    """Every file `taizhang upgrade` rewrites: the pinned engine and the workflows (with the issue form)."""
    folder = resources.files("taizhang").joinpath("starter", "templates")
    files = {REQUIREMENTS: requirements(engine)}
    for item in sorted(folder.joinpath("workflows").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yml") and not (settings.host != "github" and item.name in GITHUB_ONLY):
            text = item.read_text(encoding="utf-8").replace("__BRANCH__", settings.branch)
            files[f"{WORKFLOWS}/{item.name}"] = text
    files[ISSUE_FORM] = folder.joinpath("ISSUE_TEMPLATE", "report.yml").read_text(encoding="utf-8")
    return files


def readme(settings: Settings, plan_title: str, units: int, groups: int) -> str:
    return f"""# {settings.name}

《{plan_title}》的台账：工作要点和重点任务（`tasks/`）、单位名录（`units/`、`groups/`）、各单位报送的报告（`reports/`）
都是这个仓库里的 YAML 文件，由 [taizhang](https://pypi.org/project/taizhang/) 校验、统计并生成公开网站。

```bash
python3 -m venv .venv && .venv/bin/pip install --require-hashes -r {REQUIREMENTS}
.venv/bin/taizhang validate                 # 检查数据：问题逐行列出（文件:行:列: 代码 说明）
.venv/bin/taizhang build --out site          # 生成网站到 site/，打开 site/index.html 查看
```

## 启用前请完成

`taizhang init` 根据工作要点原文起草了 {units} 个单位和 {groups} 个分组，单位代码、类别和分组都是猜测的。
`taizhang validate` 会列出还没完成的每一处：

- D501：核对 `units/`、`groups/` 中每个文件，确认后删去 `draft: true` 一行；原文没有逐一列出的单位（如各县交通运输局）请补充登记；
- D502、D503：在每个单位文件中填写 `accounts`（能代表本单位提交报告的账号）和 `contact`（联系人）；
- D504、D505：在 `taizhang.yml` 中填写 `maintainers`（维护人员账号）和仓库网址；
- 改完账号后运行 `.venv/bin/taizhang codeowners` 重新生成 `.github/CODEOWNERS`；增删单位或任务后运行
  `.venv/bin/taizhang forms` 重新生成 `.github/ISSUE_TEMPLATE/` 中各单位的填报表单（CI 会检查两者是否最新）。

`taizhang validate` 显示“校验通过”后提交并推送到代码托管平台，各单位即可开始报送（填报方法见网站的“填报说明”）。

## 哪些文件是本单位的

| 文件 | 归谁 |
|---|---|
| `taizhang.yml`、`units/`、`groups/`、`tasks/`、`reports/`、`receipts/`、本 README | 本单位的台账数据和设置，自行修改 |
| `mkdocs.yml`、`docs/`（可选） | 放在仓库中时代替 taizhang 自带的网站设置和页面 |
| `{REQUIREMENTS}`、`{WORKFLOWS}/`、`{ISSUE_FORM}` | taizhang 生成的程序版本和工作流，请不要手工修改 |
| `.github/CODEOWNERS`、`.github/ISSUE_TEMPLATE/<单位>-<类别>.yml` | 由 `taizhang codeowners`、`taizhang forms` 按本单位的数据生成 |

升级 taizhang：在本仓库中运行 `taizhang upgrade`（先安装新版本），它会显示并更新固定的版本、工作流和各单位的填报表单，不改动本单位的数据和设置。
"""


GITIGNORE = "/.venv/\n/site/\n/build/\n"
