"""InspectionPlan and RandomDraw now belong to the plans app (plans 0001): state only, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        ('plans', '0001_layers_move_from_reports'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.RemoveField(
            model_name='randomdraw',
            name='plan',
        ),
        migrations.RemoveField(
            model_name='randomdraw',
            name='drawn_by',
        ),
        migrations.DeleteModel(
            name='InspectionPlan',
        ),
        migrations.DeleteModel(
            name='RandomDraw',
        ),
    ]),
    ]
