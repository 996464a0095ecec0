"""Business numbers (policy/numbers.py): the column, and a number for every existing row."""

from django.db import migrations, models

from apps.core.numbers import numbers_fill, sql_year_of_timestamp


def _fill(apps, schema_editor):
    numbers_fill(
        connection=schema_editor.connection,
        table="registry_household",
        kind_sql="'JT'",
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_timestamp(schema_editor.connection.vendor, "t.created_at"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("core", "0003_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="户编号"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
