"""Turn domain errors that escape a web view into the page a user expects (404, 403); and the security
headers every response carries."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from policy.errors import NotFound, PermissionDenied


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            raise Http404(exception.message)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", {"message": exception.message}, status=403)
        return None


# Every page loads its scripts and styles from /static/ only: no inline script, handler or style (the few
# behaviours are in core/site.js, bound by data attributes). A page that must carry its own <style> (the
# self-contained print page of a report, which is also kept as a file) allows exactly that block by its
# hash, with :func:`csp_allow_inline_styles`.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.S)


def csp_allow_inline_styles(response: HttpResponse) -> HttpResponse:
    """Allow the page's own ``<style>`` blocks, each by its SHA-256, and nothing else inline."""
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in _STYLE_BLOCK.findall(response.content.decode())
    ]
    response["Content-Security-Policy"] = CSP.replace(
        "style-src 'self'", " ".join(["style-src 'self'", *hashes])
    )
    return response


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every response, and ``Cache-Control: no-store`` on every response
    but the static files (served before this by WhiteNoise): pages, files and API answers carry personal
    data, and township PCs are shared, so nothing is kept in a browser's or a proxy's cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CSP
        patch_cache_control(response, no_store=True, private=True)
        return response
