"""The example resource: a small in-memory product catalogue with filtering, sorting and pagination.

Kept free of FastAPI so the query logic reads (and could be tested) on its own; main.py only maps HTTP
parameters onto `search`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Tuple

SORT_KEYS = ("id", "name", "price", "-price")


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    category: str
    price_cents: int
    stock: int

    def to_dict(self) -> Dict[str, object]:
        data: Dict[str, object] = asdict(self)
        data["in_stock"] = self.stock > 0
        return data


_ROWS: Tuple[Tuple[str, str, int, int], ...] = (
    ("Trail running shoes", "footwear", 12900, 14),
    ("Merino base layer", "apparel", 7450, 0),
    ("Insulated bottle 750 ml", "gear", 2990, 120),
    ("Headlamp 400 lm", "gear", 4500, 32),
    ("Rain shell jacket", "apparel", 18900, 5),
    ("Hiking socks (3 pairs)", "apparel", 2400, 60),
    ("Approach shoes", "footwear", 14500, 0),
    ("Ultralight tent 2p", "shelter", 42900, 3),
    ("Sleeping pad", "shelter", 8900, 11),
    ("Trekking poles", "gear", 9900, 18),
    ("Down jacket", "apparel", 24900, 7),
    ("Camp stove", "gear", 5900, 25),
)

CATALOG: Tuple[Item, ...] = tuple(
    Item(id=i + 1, name=name, category=category, price_cents=price, stock=stock)
    for i, (name, category, price, stock) in enumerate(_ROWS)
)
CATEGORIES = tuple(sorted({item.category for item in CATALOG}))


class QueryError(ValueError):
    """A combination of parameters that is individually valid but jointly impossible."""


@dataclass(frozen=True)
class Page:
    items: List[Item]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> Optional[int]:
        following = self.offset + self.limit
        return following if following < self.total else None


def search(
    *,
    category: Optional[str] = None,
    q: Optional[str] = None,
    min_price_cents: Optional[int] = None,
    max_price_cents: Optional[int] = None,
    in_stock: Optional[bool] = None,
    sort: str = "id",
    limit: int = 20,
    offset: int = 0,
) -> Page:
    if min_price_cents is not None and max_price_cents is not None and min_price_cents > max_price_cents:
        raise QueryError(f"min_price_cents ({min_price_cents}) is greater than max_price_cents ({max_price_cents})")
    if category is not None and category not in CATEGORIES:
        raise QueryError(f"category: expected one of {', '.join(CATEGORIES)}, got {category!r}")
    if sort not in SORT_KEYS:
        raise QueryError(f"sort: expected one of {', '.join(SORT_KEYS)}, got {sort!r}")
    needle = q.casefold() if q else None
    matches = [
        item
        for item in CATALOG
        if (category is None or item.category == category)
        and (needle is None or needle in item.name.casefold())
        and (min_price_cents is None or item.price_cents >= min_price_cents)
        and (max_price_cents is None or item.price_cents <= max_price_cents)
        and (in_stock is None or (item.stock > 0) == in_stock)
    ]
    key = sort.lstrip("-")
    # Ties (same price) keep id order so pages are stable across requests.
    matches.sort(key=lambda item: item.id)
    if key == "name":
        matches.sort(key=lambda item: item.name.casefold())
    elif key == "price":
        matches.sort(key=lambda item: item.price_cents, reverse=sort.startswith("-"))
    return Page(items=matches[offset : offset + limit], total=len(matches), limit=limit, offset=offset)


def get(item_id: int) -> Optional[Item]:
    return next((item for item in CATALOG if item.id == item_id), None)
