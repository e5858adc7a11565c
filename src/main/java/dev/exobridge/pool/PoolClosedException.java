package dev.exobridge.pool;

import dev.exobridge.session.SessionException;

/** The pool is closed (or closing): it hands out no session and runs no call. */
public class PoolClosedException extends SessionException {
    public PoolClosedException(String pool) {
        super("the session pool " + pool + " is closed; open a new one to run calls");
    }
}
