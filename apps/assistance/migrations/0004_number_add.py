"""Business numbers (policy/numbers.py): the column, and a number for every existing row."""

from django.db import migrations, models

from apps.core.numbers import numbers_fill, sql_year_of_timestamp
from policy.numbers import APPLICATION_CODES, CASE_CODES


def _program_codes(codes: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{program}' THEN '{code}'" for program, code in codes.items())
    return f"CASE t.program {whens} END"


def _fill(apps, schema_editor):
    numbers_fill(
        connection=schema_editor.connection,
        table="assistance_application",
        kind_sql=_program_codes(APPLICATION_CODES),
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_timestamp(schema_editor.connection.vendor, "t.created_at"),
    )
    numbers_fill(
        connection=schema_editor.connection,
        table="assistance_case",
        kind_sql=_program_codes(CASE_CODES),
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_timestamp(schema_editor.connection.vendor, "t.created_at"),
    )
    numbers_fill(
        connection=schema_editor.connection,
        table="assistance_standardchangerun",
        kind_sql="'TB'",
        county_sql="substr(t.county_id, 1, 6)",
        year_sql=sql_year_of_timestamp(schema_editor.connection.vendor, "t.created_at"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0003_alter_application_state_and_more"),
        ("core", "0003_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="受理编号"),
        ),
        migrations.AddField(
            model_name="case",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="保障编号"),
        ),
        migrations.AddField(
            model_name="standardchangerun",
            name="number",
            field=models.CharField(max_length=32, null=True, verbose_name="调标编号"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
