"""Shared fixtures: the area slice, one user per role inside it, and an editor in the other county."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import (
    COUNTY,
    OTHER_COUNTY,
    OTHER_VILLAGE,
    TOWN,
    VILLAGE,
    UserFactory,
    area_tree,
    household,
)


@pytest.fixture(autouse=True)
def _fast_hashing(settings: pytest.FixtureRequest) -> None:
    # The real PBKDF2 cost is for production; tests need many logins and would crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached figures are keyed by area code, which every test reuses.
    cache.clear()


@pytest.fixture
def areas(db: None) -> dict:
    return area_tree()


@pytest.fixture
def worker(areas: dict):
    """村(社区)经办员 of 乌龙巷社区."""
    return UserFactory(role="village_worker", area_id=VILLAGE)


@pytest.fixture
def reviewer(areas: dict):
    return UserFactory(role="township_reviewer", area_id=TOWN)


@pytest.fixture
def approver(areas: dict):
    return UserFactory(role="county_approver", area_id=COUNTY)


@pytest.fixture
def finance(areas: dict):
    return UserFactory(role="finance", area_id=COUNTY)


@pytest.fixture
def admin_user(areas: dict):
    return UserFactory(role="admin", area_id=COUNTY)


@pytest.fixture
def supervisor(areas: dict):
    return UserFactory(role="supervisor", area_id=COUNTY)


@pytest.fixture
def outsider(areas: dict):
    """An admin of 孝昌县: powerful, but not here."""
    return UserFactory(role="admin", area_id=OTHER_COUNTY)


@pytest.fixture
def family(worker):
    """A three-member household in the worker's village."""
    return household(actor=worker)


@pytest.fixture
def other_family(outsider):
    """A household in 孝昌县, outside every 曾都区 user's area."""
    return household(actor=outsider, area_code=OTHER_VILLAGE)
