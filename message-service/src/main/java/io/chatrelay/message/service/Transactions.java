package io.chatrelay.message.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.jboss.logging.Logger;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs database work in a transaction; a failure that is not a {@link ServiceException} (the database is
 * down, a statement failed) becomes an {@code internal} one, so callers answer instead of crashing.
 */
final class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);

    private Transactions() {
    }

    static <T> Uni<T> inTransaction(String what, Supplier<Uni<T>> work) {
        return asServiceFailure(what, Panache.withTransaction(work));
    }

    /** The same for plain SQL on a connection of the reactive pool. */
    static <T> Uni<T> inTransaction(String what, Pool pool, Function<SqlConnection, Uni<T>> work) {
        return asServiceFailure(what, pool.withTransaction(work));
    }

    /** The same for plain SQL reads on one connection of the reactive pool, outside a transaction. */
    static <T> Uni<T> inConnection(String what, Pool pool, Function<SqlConnection, Uni<T>> work) {
        return asServiceFailure(what, pool.withConnection(work));
    }

    /** The same for reads that need no transaction. */
    static <T> Uni<T> inSession(String what, Supplier<Uni<T>> work) {
        return asServiceFailure(what, Panache.withSession(work));
    }

    private static <T> Uni<T> asServiceFailure(String what, Uni<T> work) {
        return work.onFailure(failure -> !(failure instanceof ServiceException))
                .transform(failure -> {
                    LOG.errorf(failure, "could not %s", what);
                    return ServiceException.internal("could not " + what + ", try again");
                });
    }
}
