package kb.neo4jserver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A throwaway Neo4j 5 (community) in this JVM: Bolt, and HTTP when asked (Neo4j Browser at /browser), on free
 * 127.0.0.1 ports, authentication off, data in a fresh folder under the one given.
 *
 * <p>Prints "BOLT uri", then "HTTP uri" when HTTP is on, then "READY", one per line. Stops, deleting its data,
 * when its standard input reaches end of file or reads "stop", or when the process named by --parent-pid
 * ends: whoever started it may die without a word and leave no JVM behind.
 *
 * <p>Arguments: --dir DIR (required; a folder of its own is made inside), --http (serve HTTP and Browser),
 * --copy-from HOME (start on a copy of the databases under HOME/data, as neo4j-admin's import made them),
 * --parent-pid N, --bolt-port N and --http-port N (0, the default, for a free port).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path dir = null;
        Path copyFrom = null;
        boolean http = false;
        long parentPid = -1;
        int boltPort = 0;
        int httpPort = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--copy-from" -> copyFrom = Path.of(args[++i]);
                case "--http" -> http = true;
                case "--parent-pid" -> parentPid = Long.parseLong(args[++i]);
                case "--bolt-port" -> boltPort = Integer.parseInt(args[++i]);
                case "--http-port" -> httpPort = Integer.parseInt(args[++i]);
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (dir == null) {
            fail("--dir DIR is required");
        }
        Files.createDirectories(dir);

        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(dir)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                // No call home from tests or from a user's laptop.
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                // Room for kb's batches without the server's default of most of the machine's memory.
                .withConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024);
        if (http) {
            builder = builder.withConfig(HttpConnector.enabled, true)
                    .withConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", httpPort));
        } else {
            builder = builder.withDisabledServer();
        }
        if (copyFrom != null) {
            builder = builder.copyFrom(copyFrom);
        }

        CountDownLatch stop = new CountDownLatch(1);
        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    p -> p.onExit().thenRun(stop::countDown), stop::countDown);
        }
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.strip().equals("stop")) {
                        break;
                    }
                }
            } catch (Exception ignored) {
                // A broken pipe is the parent gone: stop as for end of file.
            }
            stop.countDown();
        }, "kb-neo4j-stdin");
        stdin.setDaemon(true);
        stdin.start();

        try (Neo4j neo4j = builder.build()) {
            System.out.println("BOLT " + neo4j.boltURI());
            if (http) {
                System.out.println("HTTP " + neo4j.httpURI());
            }
            System.out.println("READY");
            System.out.flush();
            stop.await();
        }
        System.exit(0);
    }

    private static void fail(String message) {
        System.err.println("kb-neo4j-server: " + message);
        System.exit(2);
    }
}
