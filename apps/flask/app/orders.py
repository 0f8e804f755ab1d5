"""The example resource: orders with server-side pricing (volume discount, then VAT), filtered and paginated.

Money is integer cents; the percentage steps use Decimal with half-up rounding so totals match what an
accountant computes by hand. Kept free of Flask so the rules read on their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Optional, Tuple

STATUSES = ("pending", "paid", "shipped", "cancelled")
VAT_RATE = Decimal("0.20")
# (threshold on the subtotal in cents, discount rate): the highest threshold reached applies.
DISCOUNT_TIERS: Tuple[Tuple[int, Decimal], ...] = ((50000, Decimal("0.10")), (10000, Decimal("0.05")))


class QueryError(ValueError):
    """A bad query parameter; the message names it and what is allowed."""


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class Order:
    id: int
    customer: str
    status: str
    lines: Tuple[Line, ...]


ORDERS: Tuple[Order, ...] = (
    Order(1, "acme", "paid", (Line("SHOE-TRAIL", 2, 12900), Line("SOCK-3P", 3, 2400))),
    Order(2, "acme", "pending", (Line("BOTTLE-750", 1, 2990),)),
    Order(3, "globex", "shipped", (Line("TENT-2P", 1, 42900), Line("PAD-SLEEP", 2, 8900))),
    Order(4, "initech", "paid", (Line("POLES", 1, 9900), Line("LAMP-400", 1, 4500))),
    Order(5, "globex", "cancelled", (Line("JACKET-DOWN", 1, 24900),)),
    Order(6, "umbrella", "paid", (Line("STOVE", 1, 5900), Line("BOTTLE-750", 2, 2990))),
    Order(7, "acme", "shipped", (Line("SHELL-RAIN", 1, 18900),)),
)


def _percent_of(amount_cents: int, rate: Decimal) -> int:
    return int((Decimal(amount_cents) * rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def price(order: Order) -> Dict[str, object]:
    subtotal = sum(line.quantity * line.unit_price_cents for line in order.lines)
    rate = next((r for threshold, r in DISCOUNT_TIERS if subtotal >= threshold), Decimal("0"))
    discount = _percent_of(subtotal, rate)
    vat = _percent_of(subtotal - discount, VAT_RATE)
    return {
        "id": order.id,
        "customer": order.customer,
        "status": order.status,
        "lines": [
            {**vars(line), "line_total_cents": line.quantity * line.unit_price_cents} for line in order.lines
        ],
        "subtotal_cents": subtotal,
        "discount_rate": str(rate),
        "discount_cents": discount,
        "vat_cents": vat,
        "total_cents": subtotal - discount + vat,
        "currency": "EUR",
    }


def _int_param(raw: Optional[str], name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise QueryError(f"{name}: expected an integer between {low} and {high}, got {raw!r}")
    return int(raw)


def list_orders(params: Dict[str, str]) -> Dict[str, object]:
    """Filters by status/customer, paginates, prices each order and sums the page's revenue."""
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        raise QueryError(f"status: expected one of {', '.join(STATUSES)}, got {status!r}")
    customer = params.get("customer") or None
    limit = _int_param(params.get("limit"), "limit", 20, 1, 100)
    offset = _int_param(params.get("offset"), "offset", 0, 0, 1_000_000)
    matches: List[Order] = [
        o for o in ORDERS if (status is None or o.status == status) and (customer is None or o.customer == customer)
    ]
    page = [price(o) for o in matches[offset : offset + limit]]
    return {
        "orders": page,
        "total": len(matches),
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if offset + limit < len(matches) else None,
        "page_total_cents": sum(o["total_cents"] for o in page),  # type: ignore[misc]
    }


def get_order(order_id: int) -> Optional[Dict[str, object]]:
    order = next((o for o in ORDERS if o.id == order_id), None)
    return None if order is None else price(order)
