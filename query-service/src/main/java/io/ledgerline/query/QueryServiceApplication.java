package io.ledgerline.query;

import io.ledgerline.streams.CommonPool;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The query service: the projections (Kafka Streams) and the REST read-model API in one process. */
@SpringBootApplication
public class QueryServiceApplication {

    /**
     * The service's settings file is {@code query-service.properties}, not {@code application.properties}: dev mode
     * runs it in one JVM beside the command service, whose {@code application.properties} would otherwise shadow it
     * on the shared class path.
     */
    public static final String CONFIG_NAME = "spring.config.name=query-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(QueryServiceApplication.class).properties(CONFIG_NAME);
    }

    public static void main(String[] args) {
        CommonPool.atLeastTwoWorkers();
        builder().run(args);
    }
}
