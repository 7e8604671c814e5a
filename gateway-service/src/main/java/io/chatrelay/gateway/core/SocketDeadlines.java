package io.chatrelay.gateway.core;

import io.chatrelay.gateway.session.ClientSession;
import io.chatrelay.gateway.session.SocketWriter;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines that every open socket keeps (its heartbeat, its token's expiry), checked by one periodic task per
 * event loop instead of a Vert.x timer each. A Vert.x timer runs on a duplicated context of its own, with its own
 * local-data map, for as long as it is armed: two per idle socket were ~0.9 KB of its heap (docs/BENCHMARKS.md,
 * session 13), and a heartbeat armed a new one at every pong. A deadline fires on its socket's event loop, at most one
 * {@link GatewayConfig#deadlinePrecision() precision} after its time.
 */
@ApplicationScoped
public class SocketDeadlines {

    private static final Logger LOG = Logger.getLogger(SocketDeadlines.class);

    private final Vertx vertx;
    private final long precisionMillis;
    private final Map<EventExecutor, LoopDeadlines> loops = new ConcurrentHashMap<>();

    @Inject
    public SocketDeadlines(Vertx vertx, GatewayConfig config) {
        this(vertx, config.deadlinePrecision());
    }

    SocketDeadlines(Vertx vertx, Duration precision) {
        this.vertx = vertx;
        this.precisionMillis = Math.max(1, precision.toMillis());
    }

    /** A deadline of this socket, not armed yet; {@code onDue} runs on the socket's event loop. */
    public Deadline of(SocketWriter socket, Runnable onDue) {
        return create(socket.eventLoop(), onDue);
    }

    public Deadline of(ClientSession session, Runnable onDue) {
        return create(session.eventLoop(), onDue);
    }

    /** A deadline whose {@code onDue} runs on {@code socketLoop}. */
    Deadline create(EventExecutor socketLoop, Runnable onDue) {
        // a socket without a channel of its own (never in production) is watched from any event loop
        EventExecutor loop = socketLoop != null ? socketLoop : vertx.nettyEventLoopGroup().next();
        return new Deadline(loops.computeIfAbsent(loop, LoopDeadlines::new), onDue);
    }

    /** One point in time at which something happens to a socket, unless it is moved or cancelled before. */
    public static final class Deadline {

        private final LoopDeadlines loop;
        private final Runnable onDue;
        private long dueAtMillis;
        /** Where this deadline sits in its loop's armed ones, -1 when it is not armed. */
        private int slot = -1;

        private Deadline(LoopDeadlines loop, Runnable onDue) {
            this.loop = loop;
            this.onDue = onDue;
        }

        /** Arms (or moves) the deadline to {@code delayMillis} from now. */
        public void in(long delayMillis) {
            at(System.currentTimeMillis() + Math.max(0, delayMillis));
        }

        /** Arms (or moves) the deadline to {@code dueAtMillis} (epoch milliseconds). */
        public void at(long dueAtMillis) {
            loop.onLoop(() -> {
                this.dueAtMillis = dueAtMillis;
                loop.arm(this);
            });
        }

        public void cancel() {
            loop.onLoop(() -> loop.disarm(this));
        }
    }

    /** The armed deadlines of one event loop, touched only on that loop; swap-removal keeps them in one array. */
    private final class LoopDeadlines implements Runnable {

        private final EventExecutor loop;
        private Deadline[] armed = new Deadline[64];
        private int size;
        private boolean ticking;

        LoopDeadlines(EventExecutor loop) {
            this.loop = loop;
        }

        void onLoop(Runnable change) {
            if (loop.inEventLoop()) {
                change.run();
            } else {
                loop.execute(change);
            }
        }

        void arm(Deadline deadline) {
            if (deadline.slot >= 0) {
                return;
            }
            if (size == armed.length) {
                armed = Arrays.copyOf(armed, size * 2);
            }
            armed[size] = deadline;
            deadline.slot = size++;
            if (!ticking) {
                ticking = true;
                loop.scheduleAtFixedRate(this, precisionMillis, precisionMillis, TimeUnit.MILLISECONDS);
            }
        }

        void disarm(Deadline deadline) {
            int slot = deadline.slot;
            if (slot < 0) {
                return;
            }
            Deadline last = armed[--size];
            armed[slot] = last;
            last.slot = slot;
            armed[size] = null;
            deadline.slot = -1;
        }

        /** The tick: fires what is due. A deadline armed or moved by a firing one waits for the next tick. */
        @Override
        public void run() {
            long now = System.currentTimeMillis();
            for (int i = size - 1; i >= 0; i--) {
                if (i >= size) {
                    continue;
                }
                Deadline deadline = armed[i];
                if (deadline.dueAtMillis <= now) {
                    disarm(deadline);
                    fire(deadline);
                }
            }
        }

        private void fire(Deadline deadline) {
            try {
                deadline.onDue.run();
            } catch (RuntimeException e) {
                LOG.warn("a socket deadline failed", e);
            }
        }
    }
}
