"""Business numbers (policy/numbers.py): the column, and a number for every existing row."""

from django.db import migrations, models

from apps.core.numbers import numbers_fill, sql_year_of_date


def _fill(apps, schema_editor):
    numbers_fill(
        connection=schema_editor.connection,
        table="crosscheck_lead",
        kind_sql="'XS'",
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_date(schema_editor.connection.vendor, "t.found_on"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("crosscheck", "0001_initial"),
        ("core", "0003_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="lead",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="线索编号"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
