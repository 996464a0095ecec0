"""Business numbers (policy/numbers.py): the column, and a number for every existing row."""

from django.db import migrations, models

from apps.core.numbers import numbers_fill, sql_year_of_date


def _fill(apps, schema_editor):
    numbers_fill(
        connection=schema_editor.connection,
        table="payroll_payroll",
        kind_sql="'FF'",
        county_sql="substr(t.county_id, 1, 6)",
        year_sql=sql_year_of_date(schema_editor.connection.vendor, "t.month"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("payroll", "0005_members_on_the_line"),
        ("core", "0003_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="payroll",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="发放批次号"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
