package io.ledgerline.streams;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Ledgerline Streams application does when a stream thread dies: replace it. Record-level failures never get here (they
 * are dead-lettered); what does is transient (an unreachable registry, a broker or transaction failure). The dead
 * thread's transaction is aborted, so the replacement reads its records again from the last commit and nothing is
 * applied twice. The registry client's own retries, backoff and circuit breaker pace how often this happens during
 * an outage; {@link #replacements()} counts it for health checks and metrics.
 */
public final class ReplaceThreadHandler implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaceThreadHandler.class);

    private final AtomicLong replacements = new AtomicLong();

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.error("stream thread failed; replacing it (replacement {})",
                replacements.incrementAndGet(), exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Stream threads replaced since start. */
    public long replacements() {
        return replacements.get();
    }
}
