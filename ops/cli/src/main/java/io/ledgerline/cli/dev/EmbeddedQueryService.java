package io.ledgerline.cli.dev;

import io.ledgerline.query.QueryServiceApplication;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query service (projections and the REST read-model API) inside the dev process, pointed at the dev stack's
 * broker and registry. Its state stores live under the dev data dir, so they survive restarts with the log.
 */
public final class EmbeddedQueryService extends EmbeddedService {

    private EmbeddedQueryService(ConfigurableApplicationContext context) {
        super(context);
    }

    /** Starts the service and returns once it serves HTTP; its projections start right after. */
    public static EmbeddedQueryService start(DevStack stack, int port, Path stateDir) {
        return new EmbeddedQueryService(run(QueryServiceApplication.builder(), stack, port,
                "--ledgerline.projections.state-dir=" + stateDir.toAbsolutePath()));
    }
}
