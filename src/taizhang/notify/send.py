"""Sending: the group robots' signed webhook requests (urllib) and e-mail (smtplib).

- 企业微信 (WeCom) group robot: POST JSON to the webhook address, whose `key` is the secret; a text
  message @-mentions by mobile number (`mentioned_mobile_list`) or userid (`mentioned_list`).
- 钉钉 (DingTalk) custom robot with 加签: `timestamp` (milliseconds) and
  `sign = urlencode(base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret)))` added to the
  webhook's query; @-mentions in `at.atMobiles` / `at.atUserIds`, and as `@138…` in the text.
- 飞书 (Feishu) custom bot with 签名校验: `timestamp` (seconds) and
  `sign = base64(HMAC-SHA256(key=timestamp + "\\n" + secret, msg=""))` in the JSON body;
  @-mentions as `<at user_id="ou_…"></at>` (Feishu has no mention by mobile number).
All three answer HTTP 200 with an error code in the JSON (`errcode`, or `code`/`StatusCode`); anything
but 0 is a failure. The webhook address, secrets and passwords come from the environment and never
appear in an error message (run.py also masks them in everything it prints).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from taizhang.notify.settings import Channel, Target

TIMEOUT = 20  # seconds per request


class SendError(Exception):
    """A message that did not go out; the text is Chinese and carries no secret.

    `down`: the channel itself cannot be used (no secret, no connection, login refused), so the run
    stops trying it; otherwise only this message failed (an error answer, a refused address)."""

    def __init__(self, message: str, down: bool = False) -> None:
        super().__init__(message)
        self.down = down


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def env_value(env: Mapping[str, str], name: str | None, what: str, channel: Channel) -> str:
    value = env.get(name or "", "").strip() if name else ""
    if not value:
        raise SendError(f"环境变量 {name or '（未配置）'} 未设置（{channel.title}的{what}）", down=True)
    return value


def robot_request(channel: Channel, target: Target, text: str, env: Mapping[str, str], now: float) -> tuple[str, bytes]:
    """The URL and JSON body of a robot message (pure but for the secrets handed in)."""
    url = env_value(env, channel.webhook_env, "Webhook 地址", channel)
    secret = env_value(env, channel.secret_env, "加签密钥", channel) if channel.secret_env else None
    body: dict[str, object]
    if channel.type == "wecom":
        content: dict[str, object] = {"content": text}
        if target.mobiles:
            content["mentioned_mobile_list"] = list(target.mobiles)
        if target.user_ids:
            content["mentioned_list"] = list(target.user_ids)
        body = {"msgtype": "text", "text": content}
    elif channel.type == "dingtalk":
        mentions = " ".join(f"@{m}" for m in (*target.mobiles, *target.user_ids))
        at = {"atMobiles": list(target.mobiles), "atUserIds": list(target.user_ids), "isAtAll": False}
        body = {"msgtype": "text", "text": {"content": text + (f"\n{mentions}" if mentions else "")}, "at": at}
        if secret is not None:
            stamp = int(now * 1000)
            query = urllib.parse.urlencode({"timestamp": stamp, "sign": dingtalk_sign(secret, stamp)})
            url += ("&" if "?" in url else "?") + query
    else:
        mentions = "".join(f'<at user_id="{u}"></at>' for u in target.user_ids)
        body = {"msg_type": "text", "content": {"text": text + (f"\n{mentions}" if mentions else "")}}
        if secret is not None:
            stamp = int(now)
            body = {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp), **body}
    return url, json.dumps(body, ensure_ascii=False).encode()


def post(url: str, body: bytes) -> None:
    """POST the JSON; a non-2xx answer, no answer or an error code in the answer is a SendError."""
    request = urllib.request.Request(url, body, {"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read()
    except urllib.error.HTTPError as exc:
        raise SendError(f"服务器返回 HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendError(f"无法连接（{type(reason).__name__}）", down=True) from None
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        raise SendError("服务器的回复不是 JSON") from None
    code = data.get("errcode", data.get("code", data.get("StatusCode", 0))) if isinstance(data, dict) else 0
    if code not in (0, "0"):
        message = data.get("errmsg") or data.get("msg") or data.get("StatusMessage") or ""
        raise SendError(f"平台返回错误 {code}：{str(message)[:100]}")


def robot(channel: Channel, target: Target, text: str, env: Mapping[str, str], now: float) -> None:
    post(*robot_request(channel, target, text, env, now))


def email(channel: Channel, target: Target, text: str, env: Mapping[str, str]) -> None:
    if not target.emails:
        raise SendError(f"没有收件地址（单位名录 notify.{channel.name}.emails）")
    message = EmailMessage()
    message["Subject"] = text.split("\n", 1)[0]
    message["From"] = channel.sender
    message["To"] = ", ".join(target.emails)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=channel.sender.rpartition("@")[2] or None)
    message.set_content(text)
    user = env_value(env, channel.username_env, "登录名", channel) if channel.username_env else None
    password = env_value(env, channel.password_env, "密码", channel) if channel.password_env else None
    try:
        if channel.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(channel.host, channel.port, timeout=TIMEOUT)
        else:
            smtp = smtplib.SMTP(channel.host, channel.port, timeout=TIMEOUT)
        with smtp:
            if channel.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if user is not None or password is not None:
                smtp.login(user or channel.sender, password or "")
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise SendError("邮件服务器拒绝登录（请检查登录名和密码）", down=True) from None
    except smtplib.SMTPException as exc:
        raise SendError(f"邮件服务器拒绝（{type(exc).__name__}）") from None
    except OSError as exc:
        raise SendError(
            f"无法连接邮件服务器 {channel.host}:{channel.port}（{type(exc).__name__}）", down=True
        ) from None


def deliver(channel: Channel, target: Target, text: str, env: Mapping[str, str], now: float) -> None:
    if channel.type == "email":
        email(channel, target, text, env)
    else:
        robot(channel, target, text, env, now)
