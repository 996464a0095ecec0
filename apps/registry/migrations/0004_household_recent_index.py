"""The household list's default order, most recently changed first, read from an index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_number_unique"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["-updated_at", "-id"], name="household_recent_idx"),
        ),
    ]
