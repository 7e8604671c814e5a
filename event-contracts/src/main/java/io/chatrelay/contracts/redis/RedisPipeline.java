package io.chatrelay.contracts.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One Redis connection that carries a service's frequent commands pipelined: many in flight at once, answered in
 * order. The pooled client holds a connection per command until its answer comes; in a reconnect storm a gateway's
 * per-socket commands queued by the thousand behind its 16 connections, the waiting queue refused them, and the
 * delivery directory's renewal queued behind them came too late (docs/BENCHMARKS.md, session 9). A lost connection
 * is replaced on the next command; each answer comes back on its caller's Vert.x context. Up to
 * {@code quarkus.redis.max-waiting-handlers} commands may wait for their answers.
 */
@Singleton
public class RedisPipeline {

    private static final Logger LOG = Logger.getLogger(RedisPipeline.class);

    private final Redis redis;
    private final AtomicReference<Uni<RedisConnection>> current = new AtomicReference<>();

    public RedisPipeline(ReactiveRedisDataSource redis) {
        this.redis = redis.getRedis();
    }

    public Uni<Response> send(Request request) {
        Uni<RedisConnection> connection = connection();
        return connection.chain(open -> open.send(request))
                .onFailure().invoke(failure -> replace(connection, failure));
    }

    private Uni<RedisConnection> connection() {
        Uni<RedisConnection> existing;
        while ((existing = current.get()) == null) {
            current.compareAndSet(null, connect());
        }
        return existing;
    }

    private Uni<RedisConnection> connect() {
        AtomicReference<Uni<RedisConnection>> self = new AtomicReference<>();
        Uni<RedisConnection> fresh = redis.connect()
                .invoke(open -> {
                    open.exceptionHandler(failure -> replace(self.get(), failure));
                    open.endHandler(() -> replace(self.get(), null));
                })
                .memoize().indefinitely();
        self.set(fresh);
        return fresh;
    }

    /** The next command opens a new connection; this one goes back to the pool, which drops it if broken. */
    private void replace(Uni<RedisConnection> connection, Throwable failure) {
        if (connection != null && current.compareAndSet(connection, null)) {
            LOG.debugf("replacing the pipelined Redis connection: %s", failure == null ? "closed" : failure.toString());
            connection.subscribe().with(RedisConnection::closeAndForget, ignored -> {
            });
        }
    }
}
