"""Password rules by profile (ROUXING_PASSWORD_PROFILE).

dengbao (default): at least 8 characters and three of four character classes, changed every 90 days.
asvs (OWASP ASVS 2.1.1, 2.1.9): at least 12 characters, no composition rule, no forced rotation.
Both: common and all-numeric passwords refused (Django validators), long passphrases allowed.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

ASVS_MIN_LENGTH = 12


class ComplexityValidator:
    """At least three of: lower case, upper case, digits, symbols (等保 profile)."""

    def validate(self, password: str, user=None) -> None:
        if getattr(settings, "PASSWORD_PROFILE", "dengbao") != "dengbao":
            if len(password) < ASVS_MIN_LENGTH:
                raise ValidationError(f"密码至少{ASVS_MIN_LENGTH}位。", code="password_too_short")
            return
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类。", code="password_complexity")

    def get_help_text(self) -> str:
        if getattr(settings, "PASSWORD_PROFILE", "dengbao") != "dengbao":
            return f"密码至少{ASVS_MIN_LENGTH}位，可使用由多个词组成的长口令。"
        return "密码至少8位，须包含大写字母、小写字母、数字、符号中的至少三类。"
