"""The 双随机 planning models move from the reports app to this one without touching the database.

The tables keep their names (`reports_inspectionplan`, `reports_randomdraw`, set as `db_table`), so the
operations are state-only (`SeparateDatabaseAndState` with no database operation): no table is created,
dropped or renamed and every row stays. reports 0002 removes the models from the reports state. The
content types (and with them the admin permissions) are renamed to the new app label; on a fresh
database there are none yet and the step does nothing.
"""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models


MODELS = ("inspectionplan", "randomdraw")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def _move_content_types(apps, schema_editor) -> None:
    _relabel(apps, "reports", "plans")


def _restore_content_types(apps, schema_editor) -> None:
    _relabel(apps, "plans", "reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('orgs', '0004_merge_20261205_0044'),
        ('reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='InspectionPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('lock_version', models.PositiveIntegerField(default=0, verbose_name='版本号')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('title', models.CharField(max_length=200, verbose_name='计划名称')),
                ('monthly_targets', models.JSONField(default=list, verbose_name='每月计划检查数')),
                ('key_party_ids', models.JSONField(blank=True, default=list, verbose_name='重点监管单位')),
                ('status', django_fsm.FSMField(choices=[('draft', '草稿'), ('approved', '已批准')], default='draft', max_length=16, protected=True, verbose_name='状态')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='批准时间')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='编制人')),
                ('org', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspection_plans', to='orgs.org', verbose_name='机关')),
            ],
            options={
                'verbose_name': '年度监督检查计划',
                'verbose_name_plural': '年度监督检查计划',
                'db_table': 'reports_inspectionplan',
                'ordering': ['-year', 'org'],
            },
            bases=(django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='RandomDraw',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('month', models.PositiveSmallIntegerField(verbose_name='月份')),
                ('seed', models.BigIntegerField(verbose_name='随机种子')),
                ('party_pool', models.JSONField(verbose_name='检查对象名录库')),
                ('officer_pool', models.JSONField(verbose_name='执法检查人员名录库')),
                ('party_ids', models.JSONField(verbose_name='抽中检查对象')),
                ('officer_ids', models.JSONField(verbose_name='抽中执法人员')),
                ('pool_digest', models.CharField(max_length=64, verbose_name='名录摘要')),
                ('drawn_at', models.DateTimeField(verbose_name='抽取时间')),
                ('published', models.BooleanField(default=False, verbose_name='已公开')),
                ('drawn_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='抽取人')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='draws', to='plans.inspectionplan', verbose_name='检查计划')),
            ],
            options={
                'verbose_name': '双随机抽查',
                'verbose_name_plural': '双随机抽查',
                'db_table': 'reports_randomdraw',
                'ordering': ['plan', 'month', 'drawn_at'],
            },
        ),
        migrations.AddConstraint(
            model_name='inspectionplan',
            constraint=models.UniqueConstraint(fields=('org', 'year'), name='inspection_plan_one_per_year'),
        ),
    ]),
        migrations.RunPython(_move_content_types, _restore_content_types),
    ]
