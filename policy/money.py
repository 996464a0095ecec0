"""Money is ``Decimal`` yuan, rounded in exactly one place: :func:`round_amount` (and :func:`yuan`, its
cent-rounding shorthand)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from policy.errors import ValidationFailed

__all__ = ["CENT", "ROUNDING_RULES", "parse_yuan", "round_amount", "yuan"]

CENT = Decimal("0.01")
MAX_YUAN = Decimal("9999999999.99")

# The configured 金额取整规则 (parameter ``dibao.rounding``): the unit a payment is rounded to.
ROUNDING_RULES: dict[str, Decimal] = {"cent": CENT, "jiao": Decimal("0.1"), "yuan": Decimal("1")}


def round_amount(amount: Decimal | int | str, rule: str = "cent") -> Decimal:
    """Round half up (四舍五入) to the rule's unit — "cent" 分, "jiao" 角 or "yuan" 元.

    The result always carries two decimals (``123.40``, ``124.00``) so amounts print alike.
    """
    if isinstance(amount, float):  # pragma: no cover - a float here is a bug upstream
        raise TypeError("money must never be a float")
    unit = ROUNDING_RULES.get(rule)
    if unit is None:
        raise ValidationFailed.on("rounding", f"金额取整规则“{rule}”无效，应为 cent、jiao 或 yuan")
    return Decimal(amount).quantize(unit, rounding=ROUND_HALF_UP).quantize(CENT)


def yuan(amount: Decimal | int | str) -> Decimal:
    """Round to the cent, half up, as the bureau's paper forms do (四舍五入)."""
    return round_amount(amount, "cent")


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
