"""Business numbers (policy/numbers.py): the column, and a number for every existing row."""

from django.db import migrations, models

from apps.core.numbers import numbers_fill, sql_year_of_date


def _fill(apps, schema_editor):
    numbers_fill(
        connection=schema_editor.connection,
        table="monitoring_alert",
        kind_sql="'YJ'",
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_date(schema_editor.connection.vendor, "t.raised_on"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("core", "0003_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="预警编号"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
