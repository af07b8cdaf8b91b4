"""The NLP layer: the one place that loads spaCy and holds its Docs."""
