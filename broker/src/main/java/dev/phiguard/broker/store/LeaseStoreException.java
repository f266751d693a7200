package dev.phiguard.broker.store;

/**
 * The lease store could not do what was asked: the database failed, or the request contradicts what is stored
 * (a duplicate id). Messages name the operation and the lease, never a verifier or other credential material.
 */
public class LeaseStoreException extends RuntimeException {

    public LeaseStoreException(String message) {
        super(message);
    }

    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
