"""Money is ``Decimal`` yuan, rounded in exactly one place: :func:`yuan`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from policy.errors import ValidationFailed

__all__ = ["CENT", "parse_yuan", "yuan"]

CENT = Decimal("0.01")
MAX_YUAN = Decimal("9999999999.99")


def yuan(amount: Decimal | int | str) -> Decimal:
    """Round to the cent, half up, as the bureau's paper forms do (四舍五入)."""
    if isinstance(amount, float):  # pragma: no cover - a float here is a bug upstream
        raise TypeError("money must never be a float")
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_yuan(text: object, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Read an amount typed by a person (``1,234.5``, ``１２３``, ``123元``) or raise a Chinese reason."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        value = Decimal(text)
    else:
        raw = str(text if text is not None else "").strip()
        raw = raw.translate(str.maketrans("０１２３４５６７８９．，－", "0123456789.,-"))
        raw = raw.replace(",", "").removesuffix("元").strip()
        if not raw:
            raise ValidationFailed.on(field, "金额不能为空")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationFailed.on(field, f"金额“{text}”不是有效数字") from None
    if not value.is_finite():
        raise ValidationFailed.on(field, f"金额“{text}”不是有效数字")
    if value < 0 and not allow_negative:
        raise ValidationFailed.on(field, "金额不能为负数")
    if abs(value) > MAX_YUAN:
        raise ValidationFailed.on(field, "金额超出允许范围")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValidationFailed.on(field, "金额最多保留两位小数（到分）")
    return yuan(value)
