"""``minzheng assistance_demo``: add demo applications at every stage to the demo village.

Run after ``minzheng demo``. It adds nothing once any application exists, so it is safe to repeat.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.demo.assistance import assistance_demo_seed


class Command(BaseCommand):
    help = "在演示村(社区)添加处于各环节的救助申请（已有申请时不添加）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = assistance_demo_seed()
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"已添加{result.created}件演示救助申请"))
        else:
            self.stdout.write(result.reason)
