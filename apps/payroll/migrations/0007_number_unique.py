"""Business numbers: unique and required, once every row has one (0006 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payroll", "0006_number_add"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payroll",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="发放批次号"),
        ),
    ]
