"""What the cross-check pages share: the county the page is about, and streamed answers."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.template.loader import render_to_string

from apps.areas.selectors import counties_for
from policy.errors import NotFound

STREAM_MARK = "<!--MINZHENG-STREAM-->"


def county_of(request: HttpRequest, code: str = "") -> str:
    """The county asked for (``?county=``), else the actor's first; NotFound if it is not theirs."""
    counties = counties_for(actor=request.user)
    if not counties:
        raise NotFound()
    code = code or request.GET.get("county") or counties[0].code
    if code not in {c.code for c in counties}:
        raise NotFound()
    return code


def county_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in counties_for(actor=request.user)]


def streamed(
    request: HttpRequest, template: str, context: dict[str, object], body: Iterator[str]
) -> StreamingHttpResponse:
    """A page whose middle is streamed: the head at once (browsers paint after about 1 KB), then each
    stage as it finishes, then the rest."""
    head, tail = render_to_string(template, {**context, "streaming": True}, request).split(STREAM_MARK)

    def stream() -> Iterator[str]:
        yield head
        yield from body
        yield tail

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must pass each stage on at once
    return response


def step_html(text: str, percent: int) -> str:
    return render_to_string("crosscheck/_step.html", {"text": text, "percent": max(0, min(100, percent))})
