package io.chatrelay.loadtest;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr (stdout carries the one JSON result line, and the worker protocol). */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    static volatile String prefix = "";

    private Log() {
    }

    static void info(String format, Object... args) {
        System.err.println(LocalTime.now().format(TIME) + " [load] " + prefix + String.format(format, args));
    }
}
