"""The HTTP API over the store: a FastAPI app whose routes are thin shells over the Python API."""

from dateline.api.app import Limits, create_app

__all__ = ["Limits", "create_app"]
