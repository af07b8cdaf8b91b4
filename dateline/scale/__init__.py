"""Scale-out adapters (DESIGN §8): the local pipeline's functions run on Apache Spark. Imported
lazily, and only this package imports pyspark (the optional ``dateline[spark]`` extra)."""

DEFAULT_MASTER = "local[2]"  # two local cores: what the tests use
