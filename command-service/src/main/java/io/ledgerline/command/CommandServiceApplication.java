package io.ledgerline.command;

import io.ledgerline.streams.CommonPool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command service: REST command API, reply routing and the command processor in one process. */
@SpringBootApplication
public class CommandServiceApplication {

    public static void main(String[] args) {
        CommonPool.atLeastTwoWorkers();
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
