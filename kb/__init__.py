"""kb: a geopolitical knowledge base in a graph database."""

__version__ = "0.1.0"
