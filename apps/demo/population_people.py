"""The people of the synthetic population: ID numbers, names and personal attributes, over numpy arrays.

Every function takes and returns whole columns, one entry per person (or per household), so a chunk of
a hundred thousand people costs a few numpy passes, never a Python loop per person.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from apps.demo import vocab
from policy.identity import CHECK_CHARS, EARLIEST_BIRTH, WEIGHTS

EPOCH = np.datetime64(EARLIEST_BIRTH, "D")
_CHECK_BYTES = np.frombuffer(CHECK_CHARS.encode(), dtype=np.uint8)
_WEIGHTS = np.asarray(WEIGHTS, dtype=np.int64)
EMPLOYMENT = ("employed", "farming", "unemployed", "retired", "student", "preschool", "unable", "none")
_E = {name: i for i, name in enumerate(EMPLOYMENT)}


def pick(rng: np.random.Generator, table: np.ndarray, bucket: np.ndarray) -> np.ndarray:
    """For each row, an index drawn from the probability row ``table[bucket]``."""
    cumulative = np.cumsum(table, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(bucket))
    return np.minimum((u[:, None] > cumulative[bucket]).sum(axis=1), table.shape[1] - 1)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of each ``datetime64[D]``."""
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = days.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    day = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def birth_dates(rng: np.random.Generator, age: np.ndarray, today: date) -> np.ndarray:
    """A birth date for each age: somewhere in the year before the age's birthday."""
    back = np.floor((age + rng.random(len(age))) * 365.2425).astype(np.int64)
    return np.datetime64(today, "D") - back.astype("timedelta64[D]")


def age_on(birth: np.ndarray, today: date) -> np.ndarray:
    """Whole years of age on ``today``, a birthday counting on the day itself."""
    year, month, day = ymd(birth)
    before = (month > today.month) | ((month == today.month) & (day > today.day))
    return today.year - year - before.astype(np.int64)


class IdSequencer:
    """Hands out the three-digit sequences so that no two generated people share an ID number.

    It counts people per (county, birth date, sex) and maps the k-th one to a distinct sequence of the
    right parity through a fixed permutation, so the numbers look scattered rather than 001, 003, …
    """

    SLOTS = 499  # a prime: k → (k·137 + c) mod 499 is a permutation for any c

    def __init__(self, today: date, taken: np.ndarray | None = None) -> None:
        """``taken``: numbers already in the registry, which the generated ones must avoid."""
        self.days = int((np.datetime64(today, "D") - EPOCH).astype(np.int64)) + 1
        self.used = np.zeros(len(vocab.COUNTIES) * self.days * 2, dtype=np.int16)
        self.area_digits = np.array([[int(c) for c in code] for code in vocab.COUNTIES], dtype=np.int64)
        self.taken = np.sort(taken) if taken is not None and len(taken) else None

    def sequences(self, county: np.ndarray, birth: np.ndarray, male: np.ndarray) -> np.ndarray:
        day = (birth - EPOCH).astype(np.int64)
        key = (county.astype(np.int64) * self.days + day) * 2 + male
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.r_[True, ordered[1:] != ordered[:-1]]
        position = np.arange(len(key))
        rank = np.empty_like(position)
        rank[order] = position - np.maximum.accumulate(np.where(starts, position, 0))
        k = self.used[key] + rank
        if len(k) and k.max() >= self.SLOTS:
            raise OverflowError("too many people born on one day in one county for distinct ID numbers")
        groups, counts = np.unique(key, return_counts=True)
        self.used[groups] += counts.astype(np.int16)
        slot = (k * 137 + day * 7919) % self.SLOTS
        return np.where(male, 2 * slot + 1, 2 * slot + 2)

    def id_numbers(self, county: np.ndarray, birth: np.ndarray, male: np.ndarray) -> np.ndarray:
        """18-character numbers: county, birth date, sequence (odd for men) and the MOD 11-2 check."""
        numbers = self._numbers(county, birth, male)
        if self.taken is not None:
            # A number someone already holds is drawn again: the counter has moved on, so it changes.
            clash = np.flatnonzero(np.isin(numbers, self.taken))
            while len(clash):
                numbers[clash] = self._numbers(county[clash], birth[clash], male[clash])
                clash = clash[np.isin(numbers[clash], self.taken)]
        return numbers

    def _numbers(self, county: np.ndarray, birth: np.ndarray, male: np.ndarray) -> np.ndarray:
        year, month, day = ymd(birth)
        seq = self.sequences(county, birth, male)
        digits = np.empty((len(birth), 17), dtype=np.int64)
        digits[:, :6] = self.area_digits[county]
        for value, width, at in ((year, 4, 6), (month, 2, 10), (day, 2, 12), (seq, 3, 14)):
            for i in range(width):
                digits[:, at + i] = value // 10 ** (width - 1 - i) % 10
        chars = np.empty((len(birth), 18), dtype=np.uint8)
        chars[:, :17] = digits + ord("0")
        chars[:, 17] = _CHECK_BYTES[(digits @ _WEIGHTS) % 11]
        return np.ascontiguousarray(chars).view("S18").ravel().astype("U18")


def _surnames() -> tuple[np.ndarray, np.ndarray]:
    names = np.array([s for s, _ in vocab.SURNAMES])
    share = np.array([w for _, w in vocab.SURNAMES], dtype=np.float64)
    return names, share / share.sum()


SURNAMES, SURNAME_P = _surnames()
_POOLS = [np.array(list(vocab.GIVEN_CHARS[sex][gen])) for sex in (0, 1) for gen in range(4)]
_POOL_CHARS = np.concatenate(_POOLS)
_POOL_SIZE = np.array([len(p) for p in _POOLS])
_POOL_START = np.concatenate([[0], np.cumsum(_POOL_SIZE)[:-1]])


def names(
    rng: np.random.Generator,
    *,
    relation: np.ndarray,
    household: np.ndarray,
    male: np.ndarray,
    head_male: np.ndarray,
    birth: np.ndarray,
    n_households: int,
) -> np.ndarray:
    """Full names: the family surname passes from father to child; wives keep their own surname."""
    m = len(relation)
    family = rng.choice(len(SURNAMES), size=n_households, p=SURNAME_P)
    own = rng.choice(len(SURNAMES), size=m, p=SURNAME_P)
    h = household
    spouse_own = np.zeros(n_households, dtype=np.int64)
    has_spouse = np.zeros(n_households, dtype=bool)
    spouse_own[h[relation == 1]] = own[relation == 1]
    has_spouse[h[relation == 1]] = True
    head_surname = np.where(head_male | ~has_spouse, family, own[relation == 0])
    spouse_surname = np.where(head_male, spouse_own, family)
    surname = np.select(
        [relation == 0, relation == 1, (relation == 2) | (relation == 6), relation == 4, relation == 5],
        [
            head_surname[h],
            spouse_surname[h],
            family[h],
            np.where(male, head_surname[h], own),
            np.where(male, spouse_surname[h], own),
        ],
        own,
    )
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    generation = np.searchsorted(np.asarray(vocab.GENERATION_STARTS), year, side="right")
    group = np.where(male, 0, 4) + generation
    first = _POOL_CHARS[_POOL_START[group] + np.floor(rng.random(m) * _POOL_SIZE[group]).astype(np.int64)]
    second = _POOL_CHARS[_POOL_START[group] + np.floor(rng.random(m) * _POOL_SIZE[group]).astype(np.int64)]
    single = rng.random(m) < np.asarray(vocab.SINGLE_CHAR_RATE)[generation]
    given = np.strings.add(first, np.where(single, "", second))
    return np.strings.add(SURNAMES[surname], given)


def _ethnic_table() -> tuple[np.ndarray, np.ndarray]:
    labels = ["汉族", *sorted({n for groups in vocab.ETHNIC_MINORITIES.values() for n, _ in groups})]
    table = np.zeros((len(vocab.COUNTIES), len(labels)))
    for c, county in enumerate(vocab.COUNTIES):
        for name, share in vocab.ETHNIC_MINORITIES.get(county, ()):
            table[c, labels.index(name)] = share
        table[c, 0] = 1 - table[c].sum()
    return np.array(labels), table


_ETHNIC_LABELS, _ETHNIC_TABLE = _ethnic_table()
# fmt: off
# Self-care: how many of the six abilities are lost (0–6), for the 60–79, the 80+, and the severely disabled.
_CARE_LOSS = np.array([
    [0.78, 0.08, 0.05, 0.03, 0.03, 0.02, 0.01],
    [0.45, 0.12, 0.10, 0.08, 0.10, 0.08, 0.07],
    [0.25, 0.10, 0.10, 0.10, 0.15, 0.15, 0.15],
])
# Employment by age band and urban/rural, columns in EMPLOYMENT order.
_EMPLOYMENT = np.array([
    # employed farming unemployed retired student preschool unable none
    [0, 0, 0, 0, 0, 1, 0, 0],  # 0: under 6
    [0, 0, 0, 0, 1, 0, 0, 0],  # 1: 6–15
    [0.08, 0.0, 0.0, 0, 0.85, 0, 0, 0.07],  # 2: 16–17
    [0.38, 0.0, 0.05, 0, 0.50, 0, 0, 0.07],  # 3: 18–22 urban
    [0.40, 0.10, 0.05, 0, 0.35, 0, 0, 0.10],  # 4: 18–22 rural
    [0.78, 0.0, 0.06, 0.04, 0, 0, 0, 0.12],  # 5: 23–59 urban
    [0.45, 0.43, 0.04, 0.0, 0, 0, 0, 0.08],  # 6: 23–59 rural
    [0.06, 0.0, 0.0, 0.82, 0, 0, 0, 0.12],  # 7: 60–69 urban
    [0.05, 0.50, 0.0, 0.12, 0, 0, 0, 0.33],  # 8: 60–69 rural
    [0.0, 0.0, 0.0, 0.85, 0, 0, 0, 0.15],  # 9: 70+ urban
    [0.0, 0.12, 0.0, 0.12, 0, 0, 0, 0.76],  # 10: 70+ rural
])
# fmt: on


def _employment_band(age: np.ndarray, urban: np.ndarray) -> np.ndarray:
    rural = (~urban).astype(np.int64)
    return np.select(
        [age < 6, age < 16, age < 18, age < 23, age < 60, age < 70],
        [0, 1, 2, 3 + rural, 5 + rural, 7 + rural],
        9 + rural,
    )


def attributes(
    rng: np.random.Generator,
    *,
    age: np.ndarray,
    urban: np.ndarray,
    county: np.ndarray,
    household: np.ndarray,
    relation: np.ndarray,
    id_number: np.ndarray,
    n_households: int,
    today: date,
) -> dict[str, np.ndarray]:
    """Ethnicity, disability, self-care rating, serious illness and employment, coherent with age."""
    m = len(age)
    del n_households
    lineage = pick(rng, _ETHNIC_TABLE, county[relation == 0])[household]
    married_in = (relation == 1) | (relation == 3) | (relation == 5)
    ethnicity = _ETHNIC_LABELS[np.where(married_in, pick(rng, _ETHNIC_TABLE, county), lineage)]

    disabled = rng.random(m) < np.select([age < 18, age < 60, age < 80], [0.015, 0.04, 0.12], 0.22)
    categories = np.array([[share for *_, share in vocab.DISABILITY_CATEGORIES]])
    category = pick(rng, categories, np.zeros(m, dtype=np.int64))
    grade = pick(rng, np.array([vocab.DISABILITY_GRADE_SHARE]), np.zeros(m, dtype=np.int64)) + 1
    category_name = np.array([c for c, _, _ in vocab.DISABILITY_CATEGORIES])[category]
    category_digit = np.array([str(d) for _, d, _ in vocab.DISABILITY_CATEGORIES])[category]
    # 第二代残疾人证号: the ID number, then the category digit and the grade digit.
    cert = np.strings.add(np.strings.add(id_number, category_digit), grade.astype(str))
    severe = disabled & (grade <= 2)

    assessed = ((age >= 60) & (rng.random(m) < 0.3)) | (severe & (rng.random(m) < 0.8))
    lost = pick(rng, _CARE_LOSS, np.where(severe, 2, np.where(age >= 80, 1, 0)))
    care: dict[str, np.ndarray] = {}
    for rank, item in enumerate(vocab.SELF_CARE_LOSS_ORDER):
        care[f"care_{item}"] = np.ma.array(lost <= rank, mask=~assessed)
    assessed_on = np.datetime64(today, "D") - rng.integers(0, 730, m).astype("timedelta64[D]")

    ill = rng.random(m) < np.select([age < 40, age < 60], [0.005, 0.015], 0.04)
    illness = np.array(vocab.ILLNESSES)[rng.integers(0, len(vocab.ILLNESSES), m)]

    employment = pick(rng, _EMPLOYMENT, _employment_band(age, urban))
    unable = (age >= 16) & (severe | (assessed & (lost >= 4)))
    employment = np.where(unable, _E["unable"], employment)
    return {
        "ethnicity": ethnicity,
        "disability_category": np.where(disabled, category_name, ""),
        "disability_grade": np.ma.array(grade, mask=~disabled),
        "disability_cert_no": np.where(disabled, cert, ""),
        **care,
        "care_assessed_on": np.ma.array(assessed_on, mask=~assessed),
        "serious_illness": ill,
        "illness_note": np.where(ill, illness, ""),
        "employment": np.asarray(EMPLOYMENT)[employment],
    }


def phones(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """A mobile number (1xx + 8 digits) for most adults, fewer of the very old, none for children."""
    m = len(age)
    rate = np.select([age < 16, age < 18, age < 66, age < 80], [0.0, 0.3, 0.95, 0.7], 0.35)
    prefix = np.asarray(vocab.MOBILE_PREFIXES, dtype=np.int64)[rng.integers(0, len(vocab.MOBILE_PREFIXES), m)]
    number = (prefix * 100_000_000 + rng.integers(0, 100_000_000, m)).astype(str)
    return np.where(rng.random(m) < rate, number, "")


def addresses(rng: np.random.Generator, prefix: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """``…村3组27号`` in the countryside, ``…社区人民路18号5栋302室`` in town."""
    n = len(prefix)
    rural = np.strings.add(
        np.strings.add(rng.integers(1, 13, n).astype(str), "组"),
        np.strings.add(rng.integers(1, 99, n).astype(str), "号"),
    )
    road = np.asarray(vocab.URBAN_ROADS)[rng.integers(0, len(vocab.URBAN_ROADS), n)]
    room = (rng.integers(1, 19, n) * 100 + rng.integers(1, 5, n)).astype(str)
    town = np.strings.add(np.strings.add(road, rng.integers(1, 300, n).astype(str)), "号")
    town = np.strings.add(np.strings.add(town, rng.integers(1, 30, n).astype(str)), "栋")
    town = np.strings.add(np.strings.add(town, room), "室")
    return np.strings.add(prefix, np.where(urban, town, rural))


def accounts(rng: np.random.Generator, head_name: np.ndarray) -> dict[str, np.ndarray]:
    """The payment account: a bank card or the social-security card, in the head's name, for most."""
    n = len(head_name)
    has = rng.random(n) < vocab.ACCOUNT_RATE
    bank = pick(rng, np.array([vocab.BANK_SHARE]), np.zeros(n, dtype=np.int64))
    bins = np.array([b for _, b in vocab.BANKS], dtype=np.int64)[bank]
    number = (bins * 10**13 + rng.integers(0, 10**13, n)).astype(str)
    sscard = rng.random(n) < vocab.SSCARD_RATE
    return {
        "account_type": np.where(has & sscard, "sscard", "bank"),
        "bank_name": np.where(has, np.array([b for b, _ in vocab.BANKS])[bank], ""),
        "account_number": np.where(has, number, ""),
        "account_holder": np.where(has, head_name, ""),
    }


def settled_on(rng: np.random.Generator, n: int, today: date) -> np.ndarray:
    """The day each household was registered: between 1990 and a month ago."""
    first = np.datetime64("1990-01-01")
    span = int((np.datetime64(today, "D") - first).astype(np.int64)) - 30
    return first + rng.integers(0, span, n).astype("timedelta64[D]")


def yuan_text(cents: np.ndarray) -> np.ndarray:
    """Integer cents → ``"1234.05"``: exact decimal text, no float on the way."""
    cents = np.asarray(cents, dtype=np.int64)
    fen = np.strings.zfill((cents % 100).astype(str), 2)
    return np.strings.add(np.strings.add((cents // 100).astype(str), "."), fen)


# Yearly income by source: (type, note, urban median, rural median, spread of the log).
_INCOME = {
    "wage": ("工资/务工收入", 48_000, 36_000, 0.55),
    "business": ("种植养殖经营", 16_000, 14_000, 0.70),
    "pension": ("养老金", 38_000, 22_000, 0.40),
    "basic_pension": ("城乡居民基本养老保险", 2_400, 2_100, 0.20),
    "property": ("房屋出租", 9_000, 6_000, 1.00),
}


HARDSHIP_PER_MILLE = 70  # about 7% of households live on a fraction of the usual income: the 低保 tail


def _hardship(household_id: np.ndarray) -> np.ndarray:
    """Whether each household is one of the poor ones; a hash of its id, so chunks agree without state."""
    return (household_id.astype(np.int64) * 2_654_435_761 % 1000) < HARDSHIP_PER_MILLE


def incomes(
    rng: np.random.Generator,
    *,
    age: np.ndarray,
    urban: np.ndarray,
    employment: np.ndarray,
    person_id: np.ndarray,
    household_id: np.ndarray,
    first_id: int,
    today: date,
) -> dict[str, object]:
    """Last year's incomes: wages, farm income, pensions and a little rent, in cents, as decimal text."""
    m = len(age)
    earns = {
        "wage": employment == "employed",
        "business": employment == "farming",
        "pension": employment == "retired",
        "basic_pension": (age >= 60) & (employment != "retired") & (rng.random(m) < 0.95),
        "property": (age >= 30) & (rng.random(m) < 0.03),
    }
    income_type = {
        "wage": "wage",
        "business": "business",
        "pension": "transfer",
        "basic_pension": "transfer",
        "property": "property",
    }
    rows, kinds, notes, cents = [], [], [], []
    for key, who in earns.items():
        index = np.flatnonzero(who)
        note, urban_median, rural_median, spread = _INCOME[key]
        median = np.where(urban[index], urban_median, rural_median)
        amount = np.rint(rng.lognormal(np.log(median), spread) * 100).astype(np.int64)
        poor = _hardship(household_id[index])
        amount[poor] = np.rint(amount[poor] * rng.uniform(0.05, 0.35, int(poor.sum()))).astype(np.int64)
        rows.append(index)
        kinds.append(np.full(len(index), income_type[key]))
        notes.append(np.full(len(index), note))
        cents.append(np.maximum(amount, 100))
    row = np.concatenate(rows)
    order = np.argsort(row, kind="stable")
    row = row[order]
    year = today.year - 1
    return {
        "id": first_id + np.arange(len(row)),
        "person_id": person_id[row],
        "household_id": household_id[row],
        "income_type": np.concatenate(kinds)[order],
        "amount": yuan_text(np.concatenate(cents)[order]),
        "period_start": date(year, 1, 1),
        "period_end": date(year, 12, 31),
        "note": np.concatenate(notes)[order],
    }
