package io.ledgerline.command.gateway;

import io.ledgerline.outcome.CommandOutcome;
import java.util.Objects;

/** The answer to one {@link CommandGateway#send}: the outcome, or the news that it did not come in time. */
public sealed interface Reply {

    String commandId();

    /** The processor recorded this outcome (on a repeated command id: the original one). */
    record Completed(CommandOutcome outcome) implements Reply {

        public Completed {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String commandId() {
            return outcome.commandId();
        }
    }

    /** No outcome within the wait: the command is (or is being) written; its outcome will be at the status URL. */
    record Pending(String commandId) implements Reply {

        public Pending {
            Objects.requireNonNull(commandId, "commandId");
        }
    }
}
