package io.ledgerline.registry;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a peer (a registry, another query-service instance) that keeps failing. Closed: calls go through, and {@code threshold} consecutive failures
 * open it. Open: calls are refused until {@code coolDown} has passed, then it is half-open: one trial call goes
 * through (others are still refused); its success closes the breaker, its failure opens it for another cool-down.
 */
public final class CircuitBreaker {

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier nanoTime;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;

    public CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoTime) {
        this.threshold = threshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether a call may go out now; when half-open, only the first caller is let through. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoTime.getAsLong() - openedAt >= coolDownNanos) {
                    state = State.HALF_OPEN;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
        }
    }

    /** The call let through ended without an answer either way (the caller was interrupted). */
    public synchronized void release() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
        }
    }

    public synchronized boolean isOpen() {
        return state != State.CLOSED;
    }
}
