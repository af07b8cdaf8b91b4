"""Stable reason codes for rejected input, and coded errors for bugs and bad configuration.

Bad input never raises out of the pipeline: it becomes a ``Rejection`` whose ``reason`` is one
of ``Reason``'s values, so "why did this article disappear?" is a query.  The codes are part of
the public contract: add new ones, never rename or reuse old ones.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why an input item did not become an article."""

    EMPTY_FILE = "empty_file"
    UNREADABLE = "unreadable"
    NOT_A_FILE = "not_a_file"
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"
    BINARY_CONTENT = "binary_content"
    UNSUPPORTED_FORMAT = "unsupported_format"
    CORRUPT_COMPRESSION = "corrupt_compression"
    UNDECODABLE_TEXT = "undecodable_text"
    MALFORMED_JSON = "malformed_json"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    ID_CONFLICT = "id_conflict"
    MALFORMED_FEED = "malformed_feed"
    MALFORMED_WARC = "malformed_warc"
    NO_ARTICLE_TEXT = "no_article_text"
    EMPTY_TEXT = "empty_text"
    PROCESSING_FAILED = "processing_failed"
    # dateline watch: fetching over HTTP(S)
    HTTP_STATUS = "http_status"
    FETCH_TIMEOUT = "fetch_timeout"
    FETCH_FAILED = "fetch_failed"
    ROBOTS_DISALLOWED = "robots_disallowed"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BLOCKED_URL = "blocked_url"


class Errors(StrEnum):
    """Messages for bugs and bad configuration (raised, never stored)."""

    E001 = "E001 Unknown stage {name!r}; registered stages: {known}."
    E002 = "E002 Stage {name!r} is already registered."
    E003 = "E003 The store {path} has schema version {found}, newer than this dateline ({known})."
    E004 = "E004 Invalid configuration: {detail}."
    E005 = "E005 Invalid publication date {value!r}: expected YYYY-MM-DD or an ISO 8601 datetime."
    E006 = "E006 The store {path} is locked by another process or unreadable: {detail}."
    E007 = "E007 Unknown CAMEO event code {code!r}{where}."
    E008 = (
        "E008 Unknown place {name!r}: the gazetteer holds countries and the cities of 15,000 "
        "people or more (GeoNames), by their names in Latin script."
    )
    E009 = "E009 Cannot watch {source!r}: {detail}."
    E010 = (
        "E010 The Spark engine cannot start: {detail}. It needs the spark extra "
        "(pip install 'dateline[spark]') and Java 17 or later."
    )
    E011 = (
        "E011 The store {path} is still in use by another process after {seconds} s of waiting "
        "(a dateline run, watch or a writable serve); run again once it is done, or wait longer "
        "(dateline watch --busy-wait SECONDS)."
    )


class DatelineError(Exception):
    """Raised for bugs and bad configuration, never for bad input."""


def config_error(template: Errors, **values: object) -> DatelineError:
    """Build (for the caller to raise) a coded error from one of ``Errors``' templates."""
    return DatelineError(template.value.format(**values))
