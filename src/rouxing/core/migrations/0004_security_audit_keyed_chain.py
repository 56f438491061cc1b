"""Keyed audit chain (HMAC-SM3), chain head count/MAC, append-only anchors and append-only triggers.

Rows written before this migration form an unkeyed SM3 chain; they are anchored here with a
`legacy` anchor (keyed), after which every new row is keyed.
"""

from django.db import migrations, models
from django.utils import timezone


def anchor_legacy_chain(apps, schema_editor):
    from rouxing.core.audit import anchor_mac, audit_key, head_mac

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditAnchor = apps.get_model("core", "AuditAnchor")
    db = schema_editor.connection.alias
    count = AuditEvent.objects.using(db).count()
    if not count:
        return
    last = AuditEvent.objects.using(db).order_by("-id").values_list("digest", flat=True).first()
    key = audit_key()
    head, _ = AuditChainHead.objects.using(db).get_or_create(pk=1)
    head.count, head.digest = count, last
    head.mac = head_mac(key, count, last)
    head.save()
    now = timezone.now()
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    AuditAnchor.objects.using(db).create(at=at, kind="legacy", count=count, digest=last,
                                         mac=anchor_mac(key, "legacy", count, last, at.isoformat()))


def install_triggers(apps, schema_editor):
    from rouxing.core.audit_db import execute, install_sql

    execute(schema_editor.connection, install_sql(schema_editor.connection.vendor))


def remove_triggers(apps, schema_editor):
    from rouxing.core.audit_db import execute, remove_sql

    execute(schema_editor.connection, remove_sql(schema_editor.connection.vendor))


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_holiday_calendar"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="count",
            field=models.PositiveBigIntegerField(default=0, verbose_name="记录数"),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="mac",
            field=models.CharField(blank=True, max_length=64, verbose_name="校验码"),
        ),
        migrations.CreateModel(
            name="AuditAnchor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(verbose_name="时间")),
                ("kind", models.CharField(choices=[("periodic", "定期"), ("manual", "手工"), ("legacy", "旧链终点")],
                                          default="periodic", max_length=16, verbose_name="类型")),
                ("count", models.PositiveBigIntegerField(verbose_name="记录数")),
                ("digest", models.CharField(max_length=64, verbose_name="链摘要")),
                ("mac", models.CharField(max_length=64, verbose_name="校验码")),
            ],
            options={"verbose_name": "审计锚点", "verbose_name_plural": "审计锚点", "ordering": ["id"]},
        ),
        migrations.RunPython(anchor_legacy_chain, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
