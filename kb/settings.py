"""All settings in one place, read from KB_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kb.errors import ConfigError

DEFAULT_STORE = "./kb-data"


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE  # KB_STORE: a directory (embedded FalkorDB), a bolt/neo4j URI or a falkordb/redis URL
    neo4j_uri: str | None = None  # KB_NEO4J_URI: the Neo4j server the Neo4j-only tests use
    neo4j_user: str = "neo4j"  # KB_NEO4J_USER
    neo4j_password: str | None = None  # KB_NEO4J_PASSWORD, never a flag
    neo4j_database: str | None = None  # KB_NEO4J_DATABASE, default database when unset
    falkordb_user: str | None = None  # KB_FALKORDB_USER: an ACL user of a FalkorDB server by URL (default: default)
    falkordb_password: str | None = None  # KB_FALKORDB_PASSWORD, never a flag nor in the URL
    graph: str = "kb"  # KB_GRAPH: the FalkorDB graph name
    chunk_claims: int = 5000  # KB_CHUNK_CLAIMS: about how many claims a load writes per transaction

    @classmethod
    def from_env(cls, store: str | None = None) -> "Settings":
        env = os.environ
        return cls(
            store=store or env.get("KB_STORE") or DEFAULT_STORE,
            neo4j_uri=env.get("KB_NEO4J_URI") or None,
            neo4j_user=env.get("KB_NEO4J_USER") or "neo4j",
            neo4j_password=env.get("KB_NEO4J_PASSWORD"),
            neo4j_database=env.get("KB_NEO4J_DATABASE") or None,
            falkordb_user=env.get("KB_FALKORDB_USER") or None,
            falkordb_password=env.get("KB_FALKORDB_PASSWORD") or None,
            graph=env.get("KB_GRAPH") or "kb",
            chunk_claims=_positive("KB_CHUNK_CLAIMS", env.get("KB_CHUNK_CLAIMS"), 5000),
        )


def _positive(name: str, raw: str | None, default: int) -> int:
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{name}={raw!r}: want a whole number of at least 1")
    return value


def is_neo4j_uri(store: str) -> bool:
    return store.split("://", 1)[0].lower() in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


# A FalkorDB (or Redis with the FalkorDB module) server kb does not run; the `s` forms use TLS.
FALKORDB_SCHEMES = {"falkordb", "falkordbs", "redis", "rediss"}


def is_falkordb_uri(store: str) -> bool:
    return "://" in store and store.split("://", 1)[0].lower() in FALKORDB_SCHEMES
