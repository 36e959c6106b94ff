import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * In-memory MongoDB wire-protocol server for integration tests.
 * Usage: java -cp 'libs/*:classes' MongoMain --port 27017 [--host 127.0.0.1]
 * Logs to stderr; SIGTERM (or Ctrl-C) shuts it down cleanly.
 */
public final class MongoMain {
    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 27017;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host": host = args[i + 1]; break;
                case "--port": port = Integer.parseInt(args[i + 1]); break;
                default:
                    System.err.println("unknown flag " + args[i]);
                    System.exit(2);
            }
        }
        // mongo-java-server only knows the legacy isMaster handshake; drivers send `hello`
        // instead when `serverApi` is set, so answer it with the isMaster reply.
        MemoryBackend backend = new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String name) {
                return new SnapshotDatabase(name, getCursorRegistry());
            }

            @Override
            public Document handleCommand(Channel channel, String db, String command, Document query) {
                if (command.equals("hello")) {
                    Document reply = super.handleCommand(channel, db, "isMaster", query);
                    reply.put("isWritablePrimary", reply.get("ismaster"));
                    return reply;
                }
                return super.handleCommand(channel, db, command, query);
            }
        };
        // Node driver 7 needs wire version >= 8 (MongoDB 4.2); the default here is 3.6.
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(backend);
        // The oplog makes collection.watch() (change streams) work.
        server.enableOplog();
        server.bind(host, port);
        System.err.println("mongo-java-server listening on " + host + ":" + port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("mongo-java-server shutting down");
            server.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * MongoDB reads a single document atomically. mongo-java-server 1.47 does not: a query returns the
     * stored Document objects themselves, serialised after the collection lock is released, while an
     * update rewrites those objects key by key in place. A reader racing a replaceOne could then see the
     * new `_version` with old fields, and a compare-and-set on `_version` would win with stale data (found
     * by the projection race test). Copying the matches while the lock is still held restores the guarantee.
     */
    static final class SnapshotDatabase extends MemoryDatabase {
        SnapshotDatabase(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new SnapshotCollection(this, name, options, cursorRegistry);
        }
    }

    static final class SnapshotCollection extends MemoryCollection {
        /** Set while answering a client's query; updates match documents through the same path and must not copy. */
        private final ThreadLocal<Boolean> answering = ThreadLocal.withInitial(() -> false);

        SnapshotCollection(MongoDatabase db, String name, CollectionOptions options, CursorRegistry cursors) {
            super(db, name, options, cursors);
        }

        @Override
        public synchronized QueryResult handleQuery(QueryParameters parameters) {
            answering.set(true);
            try {
                return super.handleQuery(parameters);
            } finally {
                answering.set(false);
            }
        }

        @Override
        protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
            if (!answering.get()) return super.createQueryResult(matched, batchSize);
            // The first batch and the cursor's rest (getMore) alike: both are sent after the lock is gone.
            return super.createQueryResult(matched.stream().map(Document::cloneDeeply).collect(Collectors.toList()), batchSize);
        }
    }
}
