package io.chatrelay.message.service;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;

/**
 * Hibernate Reactive must be used on the Vert.x context that started the work. Timers, timeouts and
 * retries of Mutiny fire on other threads; {@code emitOn(OnContext.current())} brings the work back.
 */
public final class OnContext {

    private OnContext() {
    }

    /** An executor running tasks on the caller's Vert.x context (or right away when there is none). */
    public static Executor current() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
