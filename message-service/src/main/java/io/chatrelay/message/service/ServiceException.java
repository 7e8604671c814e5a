package io.chatrelay.message.service;

import io.smallrye.mutiny.Uni;

/** A request the service refuses or cannot complete; the message is safe to show to the caller. */
public class ServiceException extends RuntimeException {

    private final FailureCode code;

    public ServiceException(FailureCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static ServiceException validation(String message) {
        return new ServiceException(FailureCode.VALIDATION, message);
    }

    /** Services refuse through the Uni they return, never by throwing at the caller. */
    public static <T> Uni<T> invalid(String reason) {
        return Uni.createFrom().failure(validation(reason));
    }

    public static ServiceException forbidden(String message) {
        return new ServiceException(FailureCode.FORBIDDEN, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(FailureCode.NOT_FOUND, message);
    }

    public static ServiceException internal(String message) {
        return new ServiceException(FailureCode.INTERNAL, message);
    }

    public FailureCode code() {
        return code;
    }
}
