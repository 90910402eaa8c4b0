"""通知: reminders sent where clerks are (WeCom, DingTalk and Feishu group robots, e-mail), exactly once.

settings (taizhang.yml and units/ → channels and contacts), decide (pure: obligations + what was sent
→ today's messages), words (the Chinese texts), record (what was sent, kept on a branch), send (the
platforms' signed requests and SMTP), run (the edge that ties them together for `taizhang notify`).
"""
