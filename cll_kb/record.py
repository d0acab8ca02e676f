"""Frozen, slotted value records: the models, page plans and results every command builds.

Why not `@dataclass(frozen=True, slots=True)`: dataclasses writes and compiles about six
functions per class while the module is imported, and a cold `cllkb drug` imports some
twenty-five such classes: measured with `make bench`, that was more time than drawing the card.
A Record class is made by one metaclass call, and every record shares the same few methods.

What a record gives, like a frozen dataclass: fields from the class annotations (base class
fields first), defaults, keyword construction (positional too with `kw_only=False`), `==`,
`hash`, `repr`, no attribute assignment after construction, and compact pickles for the
compiled cache. Defaults must be immutable; there is no `default_factory`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: the decorator only informs type checkers, so a no-op does at run time
    def dataclass_transform(**_kwargs: Any) -> Callable[[type], type]:
        return lambda cls: cls

R = TypeVar("R", bound="Record")
_MUTABLE = (list, dict, set, bytearray)


class FrozenRecordError(AttributeError):
    """A record's fields cannot change after it is made (use `replace`)."""


@dataclass_transform(kw_only_default=True, frozen_default=True)
class RecordMeta(type):
    """Turns annotations into slots and a field table once, when the class is defined."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any],
                kw_only: bool = True) -> RecordMeta:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in reversed(bases):
            inherited += tuple(f for f in getattr(base, "_fields", ()) if f not in inherited)
            defaults.update(getattr(base, "_defaults", {}))
        own = [n for n, kind in ns.get("__annotations__", {}).items()
               if not str(kind).startswith(("ClassVar", "typing.ClassVar"))]
        for field in own:
            if field in inherited:
                raise TypeError(f"{name}.{field} is already a field of a base record")
            if field in ns:
                value = ns.pop(field)
                if isinstance(value, _MUTABLE):
                    raise TypeError(f"{name}.{field}: a default must be immutable, not "
                                    f"{type(value).__name__}")
                defaults[field] = value
        ns["__slots__"] = tuple(own)
        cls = super().__new__(mcls, name, bases, ns)
        cls._fields = inherited + tuple(own)
        cls._defaults = defaults
        cls._kw_only = kw_only
        cls._setters = tuple(getattr(cls, f).__set__ for f in cls._fields)
        return cls


class Record(metaclass=RecordMeta):
    """Base of every record; see the module docstring."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _kw_only: ClassVar[bool] = True
    _setters: ClassVar[tuple[Any, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        if args:
            if cls._kw_only or len(args) > len(cls._fields):
                raise TypeError(f"{cls.__name__}() takes its fields by keyword")
            for name, value in zip(cls._fields, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__}() got two values for '{name}'")
                kwargs[name] = value
        defaults = cls._defaults
        for name, setter in zip(cls._fields, cls._setters, strict=True):
            if name in kwargs:
                setter(self, kwargs.pop(name))
            elif name in defaults:
                setter(self, defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() is missing the field '{name}'")
        if kwargs:
            raise TypeError(f"{cls.__name__}() has no field '{next(iter(kwargs))}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field '{name}' of a {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field '{name}' of a {type(self).__name__}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self._values()))


def _restore(cls: type[R], values: tuple[Any, ...]) -> R:
    """Unpickling: set the slots directly, without `__init__` (the values were checked once)."""
    obj = object.__new__(cls)
    for setter, value in zip(cls._setters, values, strict=True):
        setter(obj, value)
    return obj


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """Field names in order (base class fields first)."""
    return record._fields


def items(record: Record) -> Iterator[tuple[str, Any]]:
    return ((f, getattr(record, f)) for f in record._fields)


def replace(record: R, **changes: Any) -> R:
    """A copy with some fields changed, as `dataclasses.replace` makes."""
    return type(record)(**{**dict(items(record)), **changes})
