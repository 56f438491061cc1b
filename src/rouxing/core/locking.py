"""Optimistic locking: an update applies only if the row still has the version the editor loaded."""

from __future__ import annotations

from django.db.models import F


class EditConflict(Exception):
    """Someone else saved the record after it was loaded (并发编辑冲突)."""

    message = "该记录已被他人修改，您的修改未保存。请刷新页面查看最新内容后重新编辑。"

    def __str__(self) -> str:
        return self.message


def save_with_lock(instance, *, expected_version: int, update_fields: list[str]) -> None:
    """Write `update_fields` of `instance` only if `lock_version` still equals `expected_version`."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in update_fields if name != "lock_version"}
    if "updated_at" in {f.name for f in model._meta.fields}:
        from django.utils import timezone

        values["updated_at"] = timezone.now()
    changed = model.objects.filter(pk=instance.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **values
    )
    if changed != 1:
        raise EditConflict()
    instance.lock_version = expected_version + 1
