"""Stages (DESIGN §3): small named objects that map a batch of records to a batch of results.

A stage is registered under a versioned name (``dateline.dedup.signature.v1``) so stored
records and rejections can say which code produced them, and so the scale-out adapters can
build the same stages by name in a Spark executor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from dateline.errors import Errors, config_error
from dateline.model import Rejection

InT_contra = TypeVar("InT_contra", contravariant=True)
OutT_co = TypeVar("OutT_co", covariant=True)


@runtime_checkable
class Stage(Protocol[InT_contra, OutT_co]):
    """What every stage offers."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def setup(self) -> None:
        """Load heavy resources once per process, before the first batch."""

    def __call__(self, batch: Sequence[InT_contra]) -> Sequence[OutT_co | Rejection]:
        """One result per input, in order: the output record or a Rejection."""


StageFactory = Callable[..., Any]


class Registry:
    """Stage classes by versioned name; the one instance is ``stages`` below."""

    def __init__(self) -> None:
        self._factories: dict[str, StageFactory] = {}

    def register(self, factory: type[Any]) -> type[Any]:
        """Class decorator: register a stage class under its ``name``."""
        name: str = factory.name
        if name in self._factories:
            raise config_error(Errors.E002, name=name)
        self._factories[name] = factory
        return factory

    def create(self, name: str, **options: Any) -> Any:
        """A new, not yet set-up instance of the stage called ``name``."""
        if name not in self._factories:
            raise config_error(Errors.E001, name=name, known=sorted(self._factories))
        return self._factories[name](**options)

    def names(self) -> list[str]:
        return sorted(self._factories)


stages = Registry()
