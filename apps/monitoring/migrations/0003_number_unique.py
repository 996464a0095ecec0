"""Business numbers: unique and required, once every row has one (0002 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_number_add"),
    ]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="预警编号"),
        ),
    ]
