package io.chatrelay.message.service;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;

/**
 * Whether PostgreSQL refused a statement for its data (SQLSTATE class 22, data exception, e.g. a NUL in text)
 * or for a constraint (class 23): repeating the same statement cannot succeed.
 */
final class BadData {

    private BadData() {
    }

    static boolean in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = cause instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : cause instanceof PgException pg ? pg.getSqlState()
                    : null;
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
