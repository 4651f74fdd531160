"""Canned Cypher queries, one NAME.cypher file each; installed as the package data kb.cypher."""
