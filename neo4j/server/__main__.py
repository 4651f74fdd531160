"""`python -m kb.neo4j_server`: a throwaway Neo4j 5 in the foreground, for users without Docker.

It runs until Ctrl-C (or until its terminal closes), then stops and deletes its data."""

from __future__ import annotations

import argparse
import signal
import sys

from kb import neo4j_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.neo4j_server", description=__doc__.splitlines()[0])
    parser.add_argument("--bolt-port", type=int, default=7687, help="Bolt port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--http-port", type=int, default=7474,
                        help="HTTP port for Neo4j Browser on 127.0.0.1 (0: any free port)")
    parser.add_argument("--no-browser", action="store_true", help="Bolt only: no HTTP endpoint, no Browser")
    args = parser.parse_args(argv)
    print(f"starting Neo4j {neo4j_server.NEO4J_VERSION} (the first run fetches its jars from Maven Central)...",
          file=sys.stderr, flush=True)
    try:
        server = neo4j_server.start(http=not args.no_browser, bolt_port=args.bolt_port, http_port=args.http_port)
    except neo4j_server.Neo4jServerError as exc:
        print(f"kb: error: {exc}", file=sys.stderr)
        return 1
    # Authentication is off: the driver still sends a password, which this server ignores.
    print(f"export KB_STORE={server.bolt_uri.rstrip('/')} KB_NEO4J_PASSWORD=unused", flush=True)
    if server.browser_url:
        print(f"Neo4j Browser: {server.browser_url}&preselectAuthMethod=NO_AUTH", flush=True)
    print("Throwaway: Ctrl-C stops it and deletes its data.", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.process.wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
