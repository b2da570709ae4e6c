package io.ledgerline.command.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.message.CommandEnvelope;
import io.ledgerline.message.CommandMetadata;
import io.ledgerline.message.EventEnvelope;
import io.ledgerline.message.EventMetadata;
import io.ledgerline.message.LedgerCommand;
import io.ledgerline.message.LedgerEvent;
import io.ledgerline.outcome.OutcomeCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Given-events / when-command / then-events tests through the real {@link CommandHandler}, in the style of Axon's
 * AggregateTestFixture: the given events are replayed at versions 1..n, the command is handled with fixed metadata,
 * and the assertions look at the appended events, the outcome and the state. A command bound to one command id (a
 * transfer step) is sent under that id unless the test names another with {@link Given#whenUnder}.
 */
public final class AggregateFixture<C extends LedgerCommand, E extends LedgerEvent, S> {

    public static final Instant ISSUED_AT = Instant.parse("2026-11-28T12:00:00Z");
    public static final String COMMAND_ID = "cmd-under-test";

    private final CommandHandler<C, E, S> handler;

    private AggregateFixture(CommandHandler<C, E, S> handler) {
        this.handler = handler;
    }

    public static <C extends LedgerCommand, E extends LedgerEvent, S> AggregateFixture<C, E, S> of(
            CommandHandler<C, E, S> handler) {
        return new AggregateFixture<>(handler);
    }

    @SafeVarargs
    public final Given given(E... history) {
        Versioned<S> state = handler.initial();
        for (int i = 0; i < history.length; i++) {
            CommandMetadata meta = new CommandMetadata("given-" + i, null, ISSUED_AT);
            state = handler.replay(state, new EventEnvelope(EventMetadata.of(meta, 0, i + 1L), history[i]));
        }
        return new Given(state);
    }

    public Given givenNothing() {
        return new Given(handler.initial());
    }

    public final class Given {

        private final Versioned<S> state;

        private Given(Versioned<S> state) {
            this.state = state;
        }

        public Then when(C command) {
            return when(command, null);
        }

        public Then when(C command, Long expectedVersion) {
            return handle(handler.requiredCommandId(command).orElse(COMMAND_ID), command, expectedVersion);
        }

        public Then whenUnder(String commandId, C command) {
            return handle(commandId, command, null);
        }

        private Then handle(String commandId, C command, Long expectedVersion) {
            CommandMetadata meta = new CommandMetadata(commandId, expectedVersion, ISSUED_AT);
            return new Then(state, handler.handle(new CommandEnvelope(meta, command), state));
        }
    }

    public final class Then {

        private final Versioned<S> before;
        private final Handled<S> handled;

        private Then(Versioned<S> before, Handled<S> handled) {
            this.before = before;
            this.handled = handled;
        }

        /** Accepted, appending exactly these events at the next versions. */
        @SafeVarargs
        public final Then thenEvents(E... expected) {
            assertThat(handled.outcome().code()).as("outcome: %s", handled.outcome().message())
                    .isEqualTo(OutcomeCode.ACCEPTED);
            List<LedgerEvent> events = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            List<Long> expectedVersions = new ArrayList<>();
            for (int i = 0; i < handled.events().size(); i++) {
                events.add(handled.events().get(i).event());
                versions.add(handled.events().get(i).meta().version());
                expectedVersions.add(before.version() + i + 1);
            }
            assertThat(events).containsExactly(expected);
            assertThat(versions).isEqualTo(expectedVersions);
            assertThat(handled.outcome().version()).isEqualTo(before.version() + expected.length);
            assertThat(handled.outcome().eventCount()).isEqualTo(expected.length);
            assertThat(handled.state().version()).isEqualTo(before.version() + expected.length);
            return this;
        }

        /** Refused with this code and exactly this message; nothing appended, state untouched. */
        public Then thenRejected(OutcomeCode code, String message) {
            assertThat(handled.outcome().code()).isEqualTo(code);
            assertThat(handled.outcome().message()).isEqualTo(message);
            assertThat(handled.events()).isEmpty();
            assertThat(handled.outcome().eventCount()).isZero();
            assertThat(handled.outcome().version()).isEqualTo(before.reportedVersion());
            assertThat(handled.state()).isSameAs(before);
            return this;
        }

        /** Refused with this code, the message containing each fragment. */
        public Then thenRejectedWith(OutcomeCode code, String... messageFragments) {
            assertThat(handled.outcome().code()).isEqualTo(code);
            assertThat(handled.outcome().message()).contains(messageFragments);
            assertThat(handled.events()).isEmpty();
            assertThat(handled.state()).isSameAs(before);
            return this;
        }

        public Then thenState(S expected) {
            assertThat(handled.state().state()).isEqualTo(expected);
            return this;
        }

        public Handled<S> handled() {
            return handled;
        }
    }
}
