"""The demo's pages: the practice death list offered on the cross-check's 导入 page, and the 模拟短信 page
that stands in for a visitor's phone on the portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.sms import sink_messages
from apps.core.web import requires
from apps.crosscheck.views.common import county_of
from apps.demo.crosscheck.practice import sample_death_list
from policy.errors import ValidationFailed
from policy.roles import Capability


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_GET
def crosscheck_sample(request: HttpRequest) -> HttpResponse:
    """练习用示例死亡名单 of the actor's county (GBK CSV), to try the import and the run with."""
    county = county_of(request)
    try:
        content = sample_death_list(actor=request.user, county=county)
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("crosscheck:import")
    response = HttpResponse(content, content_type="text/csv; charset=gb18030")
    response["Content-Disposition"] = content_disposition_header(True, "练习用示例死亡名单.csv")
    return response


@never_cache
@require_GET
def sms_sink(request: HttpRequest) -> HttpResponse:
    """模拟短信: the latest text messages the local sink kept (apps/core/sms.py), so that a person trying the
    demo reads the code "sent to their phone". Open to anyone, like the portal's registration it serves;
    a deployment leaves the demo out and sends through its gateway, and then nothing shows the sink."""
    return render(request, "demo/sms.html", {"sms": sink_messages(limit=20)})
