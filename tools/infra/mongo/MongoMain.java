import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.util.concurrent.CountDownLatch;

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
}
