"""cll_kb.record: the frozen records every model, page plan and result is made of."""

from __future__ import annotations

import copy
import pickle
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cll_kb.record import FrozenRecordError, Record, fields, replace


class Base(Record):
    a: str
    b: tuple[str, ...] = ()


class Child(Base):
    c: int
    d: str = "d"
    LIMIT: ClassVar[int] = 3


class Pair(Record, kw_only=False):
    x: int
    y: int = 0


def test_fields_come_base_first_and_skip_class_vars() -> None:
    assert fields(Child) == ("a", "b", "c", "d")
    assert Child.LIMIT == 3
    assert not hasattr(Child(a="x", c=1), "__dict__")  # slots: small in a 10,000-entry KB


def test_defaults_and_keywords() -> None:
    child = Child(a="x", c=1)
    assert (child.a, child.b, child.c, child.d) == ("x", (), 1, "d")
    assert repr(child) == "Child(a='x', b=(), c=1, d='d')"


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Child(a="x"), "Child() is missing the field 'c'"),
    (lambda: Child(a="x", c=1, e=2), "Child() has no field 'e'"),
    (lambda: Child("x", c=1), "Child() takes its fields by keyword"),
    (lambda: Pair(1, 2, 3), "Pair() takes its fields by keyword"),
    (lambda: Pair(1, x=2), "Pair() got two values for 'x'"),
])  # fmt: skip
def test_bad_construction_is_a_type_error(make, message: str) -> None:
    with pytest.raises(TypeError) as exc:
        make()
    assert str(exc.value) == message


def test_positional_when_asked_for() -> None:
    assert Pair(1) == Pair(x=1, y=0)
    assert Pair(1, 2).y == 2


def test_frozen() -> None:
    child = Child(a="x", c=1)
    with pytest.raises(FrozenRecordError, match="cannot assign to field 'a' of a Child"):
        child.a = "y"  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del child.a
    assert isinstance(FrozenRecordError(), AttributeError)


def test_equality_and_hash_follow_class_and_values() -> None:
    assert Child(a="x", c=1) == Child(a="x", c=1)
    assert hash(Child(a="x", c=1)) == hash(Child(a="x", c=1))
    assert Child(a="x", c=1) != Child(a="x", c=2)
    assert Base(a="x") != Child(a="x", c=1)
    assert Pair(1) != (1, 0)


def test_replace_checks_like_construction() -> None:
    child = Child(a="x", c=1)
    assert replace(child, d="e") == Child(a="x", c=1, d="e")
    assert child.d == "d"
    with pytest.raises(TypeError, match="no field 'zz'"):
        replace(child, zz=1)


def test_mutable_defaults_and_redefined_fields_are_refused() -> None:
    with pytest.raises(TypeError, match="must be immutable, not list"):
        class Bad(Record):
            items: list[str] = []  # noqa: RUF012
    with pytest.raises(TypeError, match="already a field of a base record"):
        class Again(Base):
            a: str


@given(st.text(), st.lists(st.text(), max_size=3), st.integers())
def test_pickle_and_copy_round_trip(a: str, b: list[str], c: int) -> None:
    child = Child(a=a, b=tuple(b), c=c)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(child, protocol=protocol)) == child
    assert copy.copy(child) == child
    assert copy.deepcopy(child) == child
