"""The store's schema, as numbered migrations applied in order inside one transaction each.

A store remembers its version in ``meta``; opening an older store upgrades it, opening a newer
one is refused (E003) rather than risk writing a shape the code does not know.
"""

from __future__ import annotations

import duckdb

from dateline.errors import Errors, config_error

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their dedup signatures, rejections and runs (the foundation issue).
    """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        url VARCHAR,
        source VARCHAR,
        title VARCHAR,
        published TIMESTAMPTZ,
        published_basis VARCHAR NOT NULL,
        language VARCHAR,
        text VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL,
        origin VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        raw_text VARCHAR NOT NULL,
        segments VARCHAR NOT NULL,
        duplicate_of VARCHAR,
        duplicate_kind VARCHAR,
        duplicate_similarity DOUBLE,
        seq BIGINT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE TABLE article_signatures (article_id VARCHAR PRIMARY KEY, signature BLOB NOT NULL);
    CREATE TABLE rejections (
        origin VARCHAR NOT NULL,
        stage VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        detail VARCHAR NOT NULL,
        sample VARCHAR NOT NULL,
        rejected_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (origin, reason)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        command VARCHAR NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: what extraction finds in each article, and the actor registry (the extraction issue).
    """
    CREATE TABLE extractions (
        article_id VARCHAR PRIMARY KEY,
        extractor VARCHAR NOT NULL,
        published_used DATE,
        extracted_at TIMESTAMPTZ NOT NULL
    );
    CREATE TABLE mentions (
        article_id VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        label VARCHAR NOT NULL,
        actor_id VARCHAR,
        field VARCHAR NOT NULL
    );
    CREATE INDEX mentions_article ON mentions (article_id);
    CREATE TABLE actors (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        country VARCHAR,
        sector VARCHAR
    );
    CREATE TABLE actor_roles (
        actor_id VARCHAR NOT NULL,
        title VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        valid_from DATE,
        valid_to DATE,
        evidence_article_id VARCHAR,
        evidence_start INTEGER,
        evidence_end INTEGER,
        evidence_text VARCHAR
    );
    CREATE TABLE timexes (
        article_id VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        value VARCHAR NOT NULL
    );
    CREATE TABLE quotes (
        article_id VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        speaker_start INTEGER,
        speaker_end INTEGER,
        speaker_text VARCHAR,
        speaker_actor_id VARCHAR,
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text VARCHAR
    );
    """,
    # 3: events per article (the event-coding issue).
    """
    CREATE TABLE events (
        article_id VARCHAR NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        anchor_start INTEGER NOT NULL,
        anchor_end INTEGER NOT NULL,
        anchor_text VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        context VARCHAR[] NOT NULL,
        cameo VARCHAR NOT NULL,
        quad INTEGER NOT NULL,
        intensity DOUBLE NOT NULL,
        actor_id VARCHAR,
        recipient_id VARCHAR,
        actor_start INTEGER,
        actor_end INTEGER,
        actor_text VARCHAR,
        recipient_start INTEGER,
        recipient_end INTEGER,
        recipient_text VARCHAR,
        date VARCHAR,
        date_precision VARCHAR,
        date_basis VARCHAR NOT NULL,
        location VARCHAR,
        modality VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL,
        decided_by VARCHAR NOT NULL
    );
    CREATE INDEX events_article ON events (article_id);
    """,
    # 4: event fusion and stories (the fusion issue). ``events.seq`` numbers an article's events
    # in extraction order, so a fused event can point at each of its mentions.
    """
    ALTER TABLE events ADD COLUMN seq INTEGER;
    UPDATE events SET seq = numbered.n
    FROM (
        SELECT rowid AS r, row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1 AS n
        FROM events
    ) AS numbered
    WHERE events.rowid = numbered.r;
    CREATE TABLE stories (
        id VARCHAR PRIMARY KEY,
        label VARCHAR,
        first_date DATE,
        last_date DATE,
        num_articles INTEGER NOT NULL
    );
    CREATE TABLE article_stories (
        article_id VARCHAR PRIMARY KEY,
        story_id VARCHAR NOT NULL
    );
    CREATE TABLE fused_events (
        id VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        cameo VARCHAR NOT NULL,
        quad INTEGER NOT NULL,
        intensity DOUBLE NOT NULL,
        actor_id VARCHAR,
        recipient_id VARCHAR,
        is_symmetric BOOLEAN NOT NULL,
        date VARCHAR,
        date_precision VARCHAR,
        date_basis VARCHAR NOT NULL,
        location VARCHAR,
        modality VARCHAR NOT NULL,
        confidence DOUBLE NOT NULL,
        story_id VARCHAR,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        sources VARCHAR[] NOT NULL,
        first_article_id VARCHAR NOT NULL,
        first_reported TIMESTAMPTZ,
        disagreements VARCHAR NOT NULL
    );
    CREATE TABLE fused_mentions (
        fused_id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        event_seq INTEGER NOT NULL,
        source VARCHAR,
        copy_of VARCHAR,
        PRIMARY KEY (article_id, event_seq)
    );
    CREATE INDEX fused_mentions_fused ON fused_mentions (fused_id);
    """,
    # 5: each sentence's principal event (the event-encoder issue). Stores extracted before it
    # are extracted again (the extractor's version changed), which sets it.
    # DuckDB alters no table that an index depends on: the index is made again around it.
    """
    DROP INDEX events_article;
    ALTER TABLE events ADD COLUMN main BOOLEAN DEFAULT FALSE;
    CREATE INDEX events_article ON events (article_id);
    """,
    # 6: publication dates dateline estimated for undated articles (the when-and-where issue):
    # how far each goes (month, year) and what in the text or the store told it.
    """
    DROP INDEX articles_content_hash;
    ALTER TABLE articles ADD COLUMN published_precision VARCHAR;
    ALTER TABLE articles ADD COLUMN published_cues VARCHAR;
    CREATE INDEX articles_content_hash ON articles (content_hash);
    """,
    # 7: where each event happened: its place phrase's characters and the GeoNames location it
    # resolves to (JSON of the Location record; basis "unresolved" where none does).
    """
    DROP INDEX events_article;
    ALTER TABLE events ADD COLUMN location_start INTEGER;
    ALTER TABLE events ADD COLUMN location_end INTEGER;
    ALTER TABLE events ADD COLUMN place VARCHAR;
    CREATE INDEX events_article ON events (article_id);
    """,
    # 8: incremental runs (the scale-out issue): each input file already ingested, known by its
    # path, size and modification time or else its bytes' SHA-256, so a re-run skips it unread;
    # and what stories and fusion last saw of each article, so a run redoes only what changed.
    """
    CREATE TABLE inputs (
        path VARCHAR NOT NULL,
        config VARCHAR NOT NULL,
        size BIGINT NOT NULL,
        mtime_ns BIGINT NOT NULL,
        sha256 VARCHAR NOT NULL,
        articles INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (path, config)
    );
    CREATE TABLE story_state (
        article_id VARCHAR PRIMARY KEY,
        fingerprint VARCHAR NOT NULL,
        day DATE,
        is_canonical BOOLEAN NOT NULL,
        part VARCHAR NOT NULL
    );
    CREATE TABLE fusion_state (
        article_id VARCHAR PRIMARY KEY,
        fingerprint VARCHAR NOT NULL,
        story_id VARCHAR
    );
    """,
    # 9: dateline watch: every URL it fetched or tried (feeds and their items), with what a
    # conditional GET sends again and when a failed one may be tried again, and a log of polls.
    """
    CREATE TABLE watch_urls (
        url VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        guid VARCHAR,
        state VARCHAR NOT NULL,
        attempts INTEGER NOT NULL,
        next_try TIMESTAMPTZ,
        http_status INTEGER,
        reason VARCHAR,
        etag VARCHAR,
        last_modified VARCHAR,
        warc VARCHAR,
        fetched_at TIMESTAMPTZ
    );
    CREATE INDEX watch_urls_guid ON watch_urls (guid);
    CREATE TABLE watch_polls (
        id INTEGER PRIMARY KEY,
        source VARCHAR NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        status VARCHAR NOT NULL,
        http_status INTEGER,
        items_new INTEGER NOT NULL DEFAULT 0,
        items_failed INTEGER NOT NULL DEFAULT 0,
        detail VARCHAR NOT NULL DEFAULT ''
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of the store behind ``con``; 0 for a new, empty store."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchall()
    if not exists[0][0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(row[0][0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, *, path: str) -> int:
    """Bring the store up to ``SCHEMA_VERSION``; returns the version it had before."""
    found = current_version(con)
    if found > SCHEMA_VERSION:
        raise config_error(Errors.E003, path=path, found=found, known=SCHEMA_VERSION)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        con.execute(MIGRATIONS[version - 1])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
        con.execute("COMMIT")
    return found
