package dev.phiguard.broker.service;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.Principal;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told of everything the {@link LeaseService} committed: the seam where the audit log (and the metrics) attach.
 * Called on the thread of the operation, after the store's commit and before the operation returns; an exception
 * thrown here is logged and does not undo the committed change. Arguments never carry a secret.
 */
public interface LeaseEventListener {

    /** Listens to nothing. */
    LeaseEventListener NONE = new LeaseEventListener() { };

    /** A lease was created or changed. */
    default void transitioned(LeaseTransition transition) {
    }

    /**
     * The requester received the lease's one-time credential (after the {@code CredentialIssued} transition was
     * reported). The password is not passed: it never leaves the response.
     */
    default void credentialFetched(Lease lease, Principal requester) {
    }

    /** Every listener in order; one that throws does not keep the others from hearing. */
    static LeaseEventListener all(List<LeaseEventListener> listeners) {
        List<LeaseEventListener> copy = List.copyOf(listeners);
        Logger log = LoggerFactory.getLogger(LeaseEventListener.class);
        return new LeaseEventListener() {
            @Override
            public void transitioned(LeaseTransition transition) {
                for (LeaseEventListener listener : copy) {
                    try {
                        listener.transitioned(transition);
                    } catch (RuntimeException e) {
                        log.error("a lease event listener failed on lease {}", transition.after().id(), e);
                    }
                }
            }

            @Override
            public void credentialFetched(Lease lease, Principal requester) {
                for (LeaseEventListener listener : copy) {
                    try {
                        listener.credentialFetched(lease, requester);
                    } catch (RuntimeException e) {
                        log.error("a lease event listener failed on the credential fetch of lease {}", lease.id(), e);
                    }
                }
            }
        };
    }
}
