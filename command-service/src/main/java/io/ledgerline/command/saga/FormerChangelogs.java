package io.ledgerline.command.saga;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changelog topics of the two stores the saga had before its time index and status counts moved into its saga
 * store (ADR 0049). Nothing reads them any more, and the operator deletes them once every instance runs this
 * release (README): not the application, which would need a delete-topic ACL for it. At start the saga names those
 * that still exist, in one warning, so the upgrade's last step is not forgotten.
 */
final class FormerChangelogs {

    private static final Logger LOG = LoggerFactory.getLogger(FormerChangelogs.class);
    private static final List<String> STORES = List.of("transfer-saga-deadlines", "transfer-saga-status-counts");
    private static final long TIMEOUT_SECONDS = 10;

    private FormerChangelogs() {
    }

    /** The former changelog topics of the saga application {@code applicationId} that the cluster still has. */
    static List<String> present(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return STORES.stream().map(store -> applicationId + "-" + store + "-changelog").filter(topics::contains)
                .toList();
    }

    /** Warns of {@link #present} topics; a cluster that does not answer only costs the warning, never the start. */
    static void warnIfPresent(Admin admin, String applicationId) {
        try {
            List<String> present = present(admin, applicationId);
            if (!present.isEmpty()) {
                LOG.warn("The transfer saga no longer uses the topics {} (ADR 0049): delete them once every instance "
                        + "runs this release", present);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("could not list the topics to look for the saga's former changelogs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
