"""``minzheng demo``: migrate, load the five seed counties, create one login per role, generate people,
seed applications and a county's caseload ready for this month's payroll.

    minzheng demo [--households N] [--seed S] [--reset] [--no-serve] [--bind 127.0.0.1:8000]

Safe to run again: existing accounts are kept, and the population is generated only while the registry
is empty (``--reset`` empties it first). Unless ``--no-serve``, the web server starts at the end.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from apps.areas.services import areas_import_seed
from apps.demo.assistance import assistance_demo_seed
from apps.demo.disclosure import disclosure_demo_seed
from apps.demo.generator import GenerationResult
from apps.demo.portal import portal_demo_seed
from apps.demo.services import (
    DEMO_PASSWORD,
    caseload_demo_seed,
    demo_population_load,
    demo_users_ensure,
    registry_counts,
    registry_is_empty,
)
from apps.demo.statistics import stats_demo_refresh
from apps.demo.targets import targets_demo_seed
from policy.errors import MinzhengError
from policy.payroll import month_add


class Command(BaseCommand):
    help = "装载演示环境：五个示范县区划、各角色演示账号、合成人口（--households 户数），然后启动服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--households", type=int, default=5000, help="生成的家庭户数（默认5000，最多1000000）"
        )
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同人口")
        parser.add_argument(
            "--reset", action="store_true", help="先清空已有的家庭、人员和收入（保留区划与账号）"
        )
        parser.add_argument("--no-serve", action="store_true", help="只装载数据，不启动服务")
        parser.add_argument("--bind", default="127.0.0.1:8000", help="服务监听地址")

    def handle(
        self, *args: Any, households: int, seed: int, reset: bool, no_serve: bool, bind: str, **options: Any
    ) -> None:
        if not 1 <= households <= 1_000_000:
            raise CommandError("--households 应在1到1000000之间")
        out = getattr(self.stdout, "_out", sys.stdout)
        # Piped output (scripts, CI logs) gets a fixed width, wide enough for the logins table.
        console = Console(file=out, highlight=False, width=None if out.isatty() else 110)
        console.print("[bold]① 数据库迁移[/bold]")
        call_command("migrate", verbosity=0, interactive=False)
        console.print("[bold]② 导入五个示范县区划[/bold]")
        areas = areas_import_seed()
        console.print(f"   区划：新增{areas.created}个，更新{areas.updated}个")
        console.print("[bold]③ 创建演示账号[/bold]")
        try:
            logins = demo_users_ensure()
            console.print(f"[bold]④ 生成合成人口（{households}户）[/bold]")
            result = None
            if reset or registry_is_empty():
                result = self._generate(console, households=households, seed=seed, reset=reset)
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        counts = registry_counts()
        if result is None:
            console.print(
                f"   登记库中已有{counts.households}户、{counts.persons}人，跳过生成"
                "（如需重新生成，请加 --reset）"
            )
        else:
            console.print(
                f"   完成：{result.households}户，{result.persons}人，收入记录{result.incomes}条，"
                f"用时{result.seconds:.1f}秒"
            )
        console.print("[bold]⑤ 社会救助演示申请[/bold]")
        casework = assistance_demo_seed()
        console.print(
            f"   已在乌龙巷社区添加{casework.created}件申请（待受理、待补正、公示期满待审核确认、已纳入等）"
            if casework.created
            else f"   {casework.reason}"
        )
        resident = portal_demo_seed(password=DEMO_PASSWORD)
        if resident is not None:
            console.print(
                f"   网上办事：群众{resident.name}的账号，已提交一件低保网上申请，待村(社区)转入办理"
            )
        console.print("[bold]⑥ 资金发放演示数据[/bold]")
        caseload = caseload_demo_seed()
        month = month_add(caseload.paid_through, 1)
        console.print(
            f"   曾都区在保对象{caseload.created}件，已发放至{caseload.paid_through:%Y年%m月}；"
            f"财务（finance）可生成{month:%Y年%m月}发放表，县级审批员（county_approver）审批"
            if caseload.created
            else f"   {caseload.reason}"
        )
        if caseload.history is not None and caseload.history.months:
            h = caseload.history
            console.print(
                f"   此前{h.months}个月的发放已按月生成、审批、银行代发并回盘："
                f"共{h.lines}笔，实发{h.paid}元，其间退出{h.exits}户；上月有2笔银行退回（账户已销户），待重发"
            )
        disclosure = disclosure_demo_seed()
        if disclosure.created:
            console.print(f"   政府信息公开年报：已录入{'、'.join(disclosure.created)}的报告数据")
        console.print(f"   统计：已生成月度统计{stats_demo_refresh()}行（首页图表、民政统计月报）")
        goals = targets_demo_seed()
        if goals.created:
            console.print(f"   目标管理：已录入曾都区{goals.year}年度目标{goals.created}项")
        table = Table(title="演示账号（密码相同）")
        for title in ("用户名", "密码", "角色", "所属区划", "状态"):
            table.add_column(title)
        for login in logins:
            table.add_row(
                login.username,
                login.password,
                login.role_label,
                login.area_label,
                "新建" if login.created else "已存在",
            )
        if resident is not None:
            table.add_row(
                resident.username,
                DEMO_PASSWORD,
                "群众（网上办事）",
                f"{resident.name} · /portal/",
                "新建" if resident.created else "已存在",
            )
        console.print(table)
        engine = (
            "PostgreSQL"
            if connection.vendor == "postgresql"
            else f"SQLite（{connection.settings_dict['NAME']}）"
        )
        console.print(
            f"数据库：{engine}；登记库共{counts.households}户、{counts.persons}人、收入{counts.incomes}条"
        )
        console.print(f"访问地址：[bold]http://{bind}/[/bold]")
        if not no_serve:
            call_command("serve", bind=bind)

    def _generate(
        self, console: Console, *, households: int, seed: int, reset: bool
    ) -> GenerationResult | None:
        columns = (
            TextColumn("   {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("户"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("生成家庭", total=households)
            return demo_population_load(
                households=households,
                seed=seed,
                reset=reset,
                progress=lambda n: bar.advance(task, n),
                stage=lambda text: bar.update(task, description=text),
            )
