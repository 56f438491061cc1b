"""API tokens: stored as SHA-256 hashes; the plain token is shown once when issued."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """接口令牌 of one user; requests act with that user's bureau and role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} {self.name}"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str) -> tuple[ApiToken, str]:
        key = "rx_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.digest(key)), key
