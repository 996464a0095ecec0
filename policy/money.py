"""Money is ``Decimal`` yuan, rounded in exactly one place: :func:`round_amount` (and :func:`yuan`, its
cent-rounding shorthand).

Sums are made in integer fen (分) where floats could creep in (SQLite, NumPy columns): :func:`cents_from_yuan`
and :func:`yuan_from_cents` cross between the two exactly, and :func:`wan_yuan` gives fen as 万元, the
unit of the reports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from policy.errors import ValidationFailed

__all__ = [
    "CENT",
    "ROUNDING_RULES",
    "cents_from_yuan",
    "parse_yuan",
    "round_amount",
    "wan_yuan",
    "yuan",
    "yuan_from_cents",
    "yuan_per",
]

CENT = Decimal("0.01")
WAN = Decimal("0.01")  # 万元 are shown to two decimals (100 元)
FEN_PER_WAN = 1_000_000
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


def yuan_from_cents(cents: int) -> Decimal:
    """Integer fen as ``Decimal`` yuan with two places: 68050 → 680.50 (exact, nothing to round)."""
    return yuan(Decimal(cents) / 100)


def cents_from_yuan(amount: Decimal) -> int:
    """``Decimal`` yuan as integer fen; a ValueError for an amount that is not a whole number of fen."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"amount {amount} is not a whole number of cents")
    return int(cents)


def wan_yuan(cents: int) -> Decimal:
    """Fen as 万元, to two decimals, rounded half up: 8_578_240_000 fen → 8578.24."""
    return (Decimal(cents) / FEN_PER_WAN).quantize(WAN, rounding=ROUND_HALF_UP)


def yuan_per(cents: int, count: int, *, places: int = 2) -> Decimal:
    """Fen shared among ``count`` (persons, 人次), in yuan to ``places`` decimals, rounded half up: the
    人均 figures of the reports. The caller decides what a count of 0 shows."""
    step = Decimal(1).scaleb(-places)
    return (Decimal(cents) / 100 / count).quantize(step, rounding=ROUND_HALF_UP)
