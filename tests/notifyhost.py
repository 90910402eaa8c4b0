"""Real local receivers for `taizhang notify`: an HTTP server playing the WeCom, DingTalk and Feishu
group robots (each request's key or signature checked the way the platform documents it), and an
SMTP server (aiosmtpd) that wants a login. Both listen on 127.0.0.1 in threads of the test process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

# The robots' secrets as the platforms would hand them out; the tests put them in the environment.
WECOM_KEY = "wecom-key-0f8e7d6c"
DING_TOKEN = "ding-token-5a4b3c2d"
DING_SECRET = "SECding-secret-9e8d7c6b"
FEISHU_HOOK = "feishu-hook-1a2b3c4d"
FEISHU_SECRET = "feishu-secret-7f6e5d4c"
SMTP_USER = "taizhang@xinzhou.example"
SMTP_PASSWORD = "smtp-password-3c2b1a0f"
SECRETS = (WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_HOOK, FEISHU_SECRET, SMTP_PASSWORD)


@dataclass
class Call:
    """One robot request as received: which robot, whether its key/signature held, and its JSON body."""

    robot: str  # wecom | dingtalk | feishu
    verified: bool
    body: dict[str, Any]
    answered: int  # the HTTP status sent back

    @property
    def text(self) -> str:
        if self.robot == "feishu":
            return str(self.body["content"]["text"])
        return str(self.body["text"]["content"])


@dataclass
class Robots:
    """The three robots behind one HTTP server; `fail[robot]` answers that many requests with HTTP 500."""

    calls: list[Call] = field(default_factory=list)
    fail: dict[str, int] = field(default_factory=dict)
    port: int = 0

    def env(self) -> dict[str, str]:
        base = f"http://127.0.0.1:{self.port}"
        return {
            "TEST_WECOM_WEBHOOK": f"{base}/cgi-bin/webhook/send?key={WECOM_KEY}",
            "TEST_DING_WEBHOOK": f"{base}/robot/send?access_token={DING_TOKEN}",
            "TEST_DING_SECRET": DING_SECRET,
            "TEST_FEISHU_WEBHOOK": f"{base}/open-apis/bot/v2/hook/{FEISHU_HOOK}",
            "TEST_FEISHU_SECRET": FEISHU_SECRET,
        }

    def of(self, robot: str) -> list[Call]:
        return [c for c in self.calls if c.robot == robot and c.answered == 200]

    def receive(self, path: str, query: dict[str, list[str]], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        robot, verified = check(path, query, body)
        if robot and self.fail.get(robot, 0) > 0:
            self.fail[robot] -= 1
            self.calls.append(Call(robot, verified, body, 500))
            return 500, {"errcode": -1, "errmsg": "system busy"}
        self.calls.append(Call(robot or "?", verified, body, 200))
        if not verified:
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, ({"code": 0, "msg": "success"} if robot == "feishu" else {"errcode": 0, "errmsg": "ok"})


def check(path: str, query: dict[str, list[str]], body: dict[str, Any]) -> tuple[str, bool]:
    """Which robot the request is for, and whether its key or signature is right, as each platform
    checks it: WeCom's key in the URL; DingTalk's HMAC of "timestamp\\nsecret" keyed by the secret,
    in the query, timestamp in milliseconds within an hour; Feishu's HMAC of nothing keyed by
    "timestamp\\nsecret", in the body, timestamp in seconds within an hour."""
    now = time.time()
    if path == "/cgi-bin/webhook/send":
        return "wecom", query.get("key") == [WECOM_KEY]
    if path == "/robot/send":
        stamp = query.get("timestamp", ["0"])[0]
        mac = hmac.new(DING_SECRET.encode(), f"{stamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()
        fresh = abs(int(stamp) / 1000 - now) < 3600
        signed = query.get("sign") == [base64.b64encode(mac).decode()]
        return "dingtalk", query.get("access_token") == [DING_TOKEN] and fresh and signed
    if path == f"/open-apis/bot/v2/hook/{FEISHU_HOOK}":
        stamp = str(body.get("timestamp", "0"))
        mac = hmac.new(f"{stamp}\n{FEISHU_SECRET}".encode(), b"", hashlib.sha256).digest()
        fresh = abs(int(stamp) - now) < 3600
        return "feishu", fresh and body.get("sign") == base64.b64encode(mac).decode()
    return "", False


def start_robots() -> tuple[Robots, ThreadingHTTPServer]:
    robots = Robots()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            url = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            status, answer = robots.receive(url.path, parse_qs(url.query), json.loads(raw or b"{}"))
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robots.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return robots, server


@dataclass
class Mailbox:
    """What the SMTP server accepted: each message with its envelope recipients."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # addresses answered "550 no such mailbox"

    async def handle_RCPT(
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, _class=EmailMessage, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_smtp() -> tuple[Mailbox, Controller]:
    mailbox = Mailbox()

    def authenticate(
        server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == SMTP_USER
        ok = ok and auth_data.password.decode() == SMTP_PASSWORD
        if ok:
            mailbox.logins.append(SMTP_USER)
        return AuthResult(success=ok)

    controller = Controller(
        mailbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    return mailbox, controller
