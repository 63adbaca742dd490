"""Senders deliver queued channel posts. The real WeChat API is external, so a deployment
points a channel at the sender it needs; two ship: a file sender (JSON files for another
system to pick up) and a webhook sender (POSTs JSON to a URL)."""

from __future__ import annotations

import json
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai.catalog.models import ChannelPost


class SendError(RuntimeError):
    pass


class Sender(ABC):
    def __init__(self, config: dict):
        self.config = config

    @abstractmethod
    def send(self, post: ChannelPost, payload: dict) -> str:
        """Deliver; return the external id. Raise SendError on failure."""


class FileSender(Sender):
    def send(self, post, payload):
        folder = Path(self.config.get("directory") or settings.GONGKAI_OUTBOX_DIR) / (
            post.channel.code
        )
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{post.pk:08d}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)  # atomic: readers never see half a file
        return path.name


class WebhookSender(Sender):
    def send(self, post, payload):
        url = self.config.get("url")
        if not url:
            raise SendError("webhook 渠道未配置 url")
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.get("timeout", 10)) as resp:
                body = resp.read(2000).decode("utf-8", "replace")
        except OSError as exc:
            raise SendError(f"webhook 请求失败：{exc}") from exc
        try:
            return str(json.loads(body).get("id", ""))
        except (ValueError, AttributeError):
            return ""


def sender_for(channel) -> Sender:
    try:
        cls = import_string(channel.sender)
    except ImportError as exc:
        raise SendError(f"发送器“{channel.sender}”不存在") from exc
    return cls(channel.config or {})
