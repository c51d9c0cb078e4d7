import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Runs mongo-java-server with its H2 (MVStore) backend for the local stack.
 *
 * Usage: MongoServerLauncher HOST PORT DATA_FILE CACHE_MB
 *
 * Why a launcher of our own: the library has no main; its MVStore must be opened with a large cache
 * (H2's default 16 MB makes every scan deserialize documents again); and the Node driver 7 refuses
 * wire versions below 9, while the library advertises 8 by default. SIGTERM closes the store
 * cleanly through the shutdown hook (never SIGKILL: MVStore commits about once a second).
 */
public final class MongoServerLauncher {
    /** MongoDB 6.0 speaks wire version 17; every operation the project uses works under it. */
    private static final MongoVersion ADVERTISED = new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 17;
        }
    };

    private MongoServerLauncher() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: MongoServerLauncher HOST PORT DATA_FILE CACHE_MB");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String dataFile = args[2];
        int cacheMegabytes = Integer.parseInt(args[3]);

        MVStore store = new MVStore.Builder().fileName(dataFile).cacheSize(cacheMegabytes).open();
        H2Backend backend = new H2Backend(store);
        backend.version(ADVERTISED);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            System.out.println("mongo-java-server stopped, store closed");
        }, "shutdown"));
        System.out.println("mongo-java-server listening on " + host + ":" + port + " (H2 " + dataFile + ", cache " + cacheMegabytes + " MB)");
    }
}
