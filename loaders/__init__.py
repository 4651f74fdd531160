"""Everything that turns outside material into claims in the interchange format (kb.claims).

Readers per input format live here; article readers, extractors and their lexicons join them
in the extraction issue.
"""
