"""kb's benchmarks. Performance targets live here, not in timed unit tests."""
