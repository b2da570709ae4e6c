package io.ledgerline.command.http;

/** The bodies of successful answers. */
final class CommandAnswers {

    private CommandAnswers() {
    }

    /** @param version the account's version after the command: its ETag, and the query side's minVersion */
    record AccountAnswer(String accountId, long version, String commandId) {
    }

    /** @param status REQUESTED: the transfer is recorded and the saga moves the money */
    record TransferAnswer(String transferId, String status, String commandId) {
    }

    /**
     * @param status PENDING (sent by this instance, no outcome yet), ACCEPTED or REJECTED
     * @param code   the outcome code ({@code io.ledgerline.outcome.OutcomeCode}); null while pending
     */
    record CommandStatusAnswer(String commandId, String status, String code, String message, Long version,
            String aggregateId) {
    }
}
