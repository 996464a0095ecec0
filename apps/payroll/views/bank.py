"""资金发放 bank pages: a payroll's bank files (生成代发文件, download), the bank's return file (回盘)
with the reconciliation, and the re-issue of failed payments (失败重发). Thin: the services write and
audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.uploads import BANK_RETURN, upload_read
from apps.core.web import requires
from apps.payroll.documents import BankFileRejected
from apps.payroll.selectors import payroll_get_for
from apps.payroll.selectors.bank import (
    bank_templates_for,
    payment_files_for,
    reconciliation_for,
    reissue_list_for,
    return_files_for,
)
from apps.payroll.services.bank import payment_file_open, payroll_export, payroll_reissue
from apps.payroll.services.reconcile import ReturnFileRejected, payroll_reconcile
from policy.errors import Conflict, ValidationFailed
from policy.roles import Capability

SHOWN_PROBLEMS = 200


def _errors(exc: ValidationFailed) -> str:
    return "；".join(r for reasons in exc.errors.values() for r in reasons)


@login_required
@requires(Capability.VIEW_PAYROLL)
def payroll_bank(request: HttpRequest, pk: int) -> HttpResponse:
    """银行代发与对账: the files made, the return files read, the reconciliation and the re-issue list."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    user = request.user
    return render(
        request,
        "payroll/bank.html",
        {
            "payroll": payroll,
            "templates": bank_templates_for(actor=user, county=payroll.county_id),
            "files": payment_files_for(actor=user, payroll=payroll),
            "returns": return_files_for(actor=user, payroll=payroll),
            "recon": reconciliation_for(actor=user, payroll=payroll),
            "reissue": reissue_list_for(actor=user, payroll=payroll),
            "can_act": user.can(Capability.PREPARE_PAYROLL),
            "can_download": user.can(Capability.EXPORT_PERSONAL_DATA),
        },
    )


@login_required
@requires(Capability.PREPARE_PAYROLL)
@require_POST
def payroll_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """生成代发文件 with the chosen bank's layout."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    try:
        made = payroll_export(actor=request.user, payroll=payroll, template_code=request.POST.get("bank", ""))
    except BankFileRejected as exc:
        shown = "；".join(f"第{p.row}行 {p.column}：{p.message}" for p in exc.problems[:20])
        messages.error(request, f"代发文件未生成，共{exc.total}行有问题：{shown}")
    except ValidationFailed as exc:
        messages.error(request, _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已生成{made.filename}：{made.line_count}笔，{made.total}元，SHA-256 {made.sha256}"
        )
    return redirect("payroll:bank", pk=pk)


@login_required
@requires(Capability.PREPARE_PAYROLL)
@require_POST
def payroll_reissue_view(request: HttpRequest, pk: int) -> HttpResponse:
    """失败重发: the failed payments whose account has since been corrected (or all of them)."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    try:
        made = payroll_reissue(
            actor=request.user,
            payroll=payroll,
            template_code=request.POST.get("bank", ""),
            include_uncorrected=request.POST.get("all") == "1",
        )
    except BankFileRejected as exc:
        messages.error(request, f"重发文件未生成，共{exc.total}行有问题：{exc.problems[0].message}")
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, _errors(exc) if isinstance(exc, ValidationFailed) else exc.message)
    else:
        messages.success(request, f"已生成重发文件{made.filename}：{made.line_count}笔，{made.total}元")
    return redirect("payroll:bank", pk=pk)


@login_required
@requires(Capability.VIEW_PAYROLL)
def payment_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A bank file as written (full ID and account numbers): checked against its SHA-256, audited."""
    stored = payment_file_open(actor=request.user, file_id=pk, summary=request.GET.get("summary") == "1")
    return FileResponse(
        stored.path.open("rb"), content_type=stored.content_type, filename=stored.filename, as_attachment=True
    )


@login_required
@requires(Capability.PREPARE_PAYROLL)
@require_http_methods(["GET", "POST"])
def payroll_reconcile_view(request: HttpRequest, pk: int) -> HttpResponse:
    """导入银行回盘: all or nothing; every bad row is listed with its row, column and reason."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    context: dict[str, object] = {
        "payroll": payroll,
        "templates": bank_templates_for(actor=request.user, county=payroll.county_id),
    }
    upload = request.FILES.get("file")
    if request.method == "POST":
        if upload is None:
            context["error"] = "请选择银行返回的回盘文件（XLSX 或 CSV）"
        else:
            try:
                result = payroll_reconcile(
                    actor=request.user,
                    payroll=payroll,
                    content=upload_read(upload, limit=BANK_RETURN),  # its size checked before it is read
                    filename=upload.name or "回盘文件",
                    template_code=request.POST.get("bank", ""),
                )
            except ReturnFileRejected as exc:
                context["problems"] = exc.problems[:SHOWN_PROBLEMS]
                context["problem_count"] = len(exc.problems)
            except ValidationFailed as exc:
                context["error"] = _errors(exc)
            except Conflict as exc:
                context["error"] = exc.message
            else:
                if result.duplicate_of is not None:
                    messages.info(request, "该回盘文件已导入过，未作任何更改。")
                else:
                    messages.success(
                        request,
                        f"已导入回盘：到账{result.paid}笔{result.paid_total}元，失败{result.failed}笔"
                        f"{result.failed_total}元，此前已处理{result.unchanged}笔。",
                    )
                return redirect("payroll:bank", pk=pk)
    return render(request, "payroll/reconcile.html", context, status=400 if "problems" in context else 200)
