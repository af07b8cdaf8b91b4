"""Rule-based detection of time expressions and their normalisation to TimeML TIMEX3 values."""

from dateline.extract.timex.record import TimexSpan
from dateline.extract.timex.tagger import find_timexes

__all__ = ["TimexSpan", "find_timexes"]
