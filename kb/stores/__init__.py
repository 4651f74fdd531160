"""Graph stores: one interface (base.Store), a backend per database, chosen by KB_STORE / --store."""

from __future__ import annotations

from kb.settings import Settings, is_neo4j_uri
from kb.stores.base import Result, Statement, Store


def open_store(settings: Settings) -> Store:
    """A directory is the embedded FalkorDB store; a bolt:// or neo4j:// URI is Neo4j."""
    if is_neo4j_uri(settings.store):
        from kb.stores.neo4j_store import Neo4jStore

        store: Store = Neo4jStore(settings.store, settings.neo4j_user, settings.neo4j_password,
                                  settings.neo4j_database)
    else:
        from kb.stores.falkordb_store import FalkorDBStore

        store = FalkorDBStore(settings.store, settings.graph)
    try:
        store.ensure_schema()
    except Exception:
        store.close()
        raise
    return store


__all__ = ["Result", "Statement", "Store", "open_store"]
