package dev.mcphybrid.upstream;

/** The shared session store did not answer, so a session this instance does not hold cannot be served. */
class SessionStoreUnavailable extends RuntimeException {

    SessionStoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
