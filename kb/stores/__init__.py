"""Graph stores: one interface (base.Store), a backend per database, chosen by KB_STORE / --store."""

from __future__ import annotations

import re

from kb.errors import ConfigError
from kb.settings import Settings, is_falkordb_uri, is_neo4j_uri
from kb.stores.base import Result, Statement, Store


def open_store(settings: Settings) -> Store:
    """A bolt:// or neo4j:// URI is Neo4j; a falkordb:// or redis:// URL (rediss://, falkordbs:// with TLS) a
    FalkorDB server kb does not run; anything else a directory, the embedded FalkorDB store."""
    if is_neo4j_uri(settings.store):
        from kb.stores.neo4j_store import Neo4jStore

        store: Store = Neo4jStore(settings.store, settings.neo4j_user, settings.neo4j_password,
                                  settings.neo4j_database)
    elif is_falkordb_uri(settings.store):
        from kb.stores.falkordb_store import FalkorDBServerStore

        store = FalkorDBServerStore(settings.store, settings.graph, settings.falkordb_user,
                                    settings.falkordb_password)
    elif "://" in settings.store:
        scheme = settings.store.split("://", 1)[0]  # only the scheme: the rest may hold credentials
        scheme = scheme if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,19}", scheme) else "?"
        raise ConfigError(f"KB_STORE: unknown scheme {scheme!r}: want a directory (the embedded store), "
                          "bolt:// or neo4j:// (Neo4j), or falkordb:// or redis:// (a FalkorDB server)")
    else:
        from kb.stores.falkordb_store import FalkorDBStore

        store = FalkorDBStore(settings.store, settings.graph)
    try:
        store.ensure_schema()
        upgrade(store)
    except Exception:
        store.close()
        raise
    return store


def upgrade(store: Store) -> None:
    """Bring a store written by an older kb up to today's graph (each change one transaction; nothing to do on
    most)."""
    from kb.stores.schema import ADD_PAIR_HEADS, MOVE_OLD_LOOKUP, OLD_LOOKUP_FOUND, OLD_PAIR_FOUND

    done = False
    if store.read(OLD_LOOKUP_FOUND).rows:
        store.write([Statement(cypher) for cypher in MOVE_OLD_LOOKUP])
        done = True
    if store.read(OLD_PAIR_FOUND).rows:
        # One statement is one transaction without MULTI/EXEC, inside which FalkorDB aborts if another client
        # (kb's server watchdog) is answered while a statement this long runs ('!server.in_exec', seen at 1M).
        store.write_returning(Statement(ADD_PAIR_HEADS))
        done = True
    if done:
        store.rewritten()


__all__ = ["Result", "Statement", "Store", "open_store"]
