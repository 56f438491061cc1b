"""Password composition rule of the 等保 profile (configurable: ROUXING_PASSWORD_PROFILE=asvs disables it)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError


class ComplexityValidator:
    """At least three of: lower case, upper case, digits, symbols (等保 profile)."""

    def validate(self, password: str, user=None) -> None:
        if getattr(settings, "PASSWORD_PROFILE", "dengbao") != "dengbao":
            return
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="password_complexity")

    def get_help_text(self) -> str:
        return "密码至少8位，须包含大写字母、小写字母、数字、符号中的至少三类。"
