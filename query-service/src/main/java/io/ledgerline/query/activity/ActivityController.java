package io.ledgerline.query.activity;

import io.ledgerline.query.account.AccountProjector;
import io.ledgerline.query.account.AccountView;
import io.ledgerline.query.http.Answers;
import io.ledgerline.query.http.InvalidParameterException;
import io.ledgerline.query.http.NotFoundException;
import io.ledgerline.query.http.ReadLimits;
import io.ledgerline.query.http.ReadModels;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/accounts/{id}/activity?from=YYYY-MM-DD&to=YYYY-MM-DD}: debits, credits and the number of
 * movements per UTC day, days without movement left out. Both ends are inclusive; without them the last 30 days up
 * to today. The range is bounded ({@code ledgerline.reads.max-activity-days}); days older than the store's retention
 * are gone. The ETag is the account's version.
 */
@RestController
class ActivityController {

    private static final int DEFAULT_DAYS = 30;

    record Activity(String accountId, LocalDate from, LocalDate to, List<DailyActivity> days, boolean stale) {
    }

    private final ReadModels reads;
    private final ReadLimits limits;
    private final Clock clock = Clock.systemUTC();

    ActivityController(ReadModels reads, ReadLimits limits) {
        this.reads = reads;
        this.limits = limits;
    }

    @GetMapping("/api/accounts/{id}/activity")
    Object activity(@PathVariable String id,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            HttpServletRequest request) {
        LocalDate last = to == null ? LocalDate.now(clock) : day("to", to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS - 1) : day("from", from);
        if (first.isAfter(last)) {
            throw new InvalidParameterException("from", "must not be after to (" + first + " > " + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > limits.maxActivityDays()) {
            throw new InvalidParameterException("from", "to to must span at most " + limits.maxActivityDays()
                    + " days");
        }
        return reads.answer(ActivityProjector.STORE, id, request, local -> {
            AccountView account = local.<AccountView>keyValue(AccountProjector.STORE).get(id);
            if (account == null) {
                throw new NotFoundException("account", id);
            }
            List<DailyActivity> days = new ArrayList<>();
            try (WindowStoreIterator<DailyActivity> found = local.<DailyActivity>window(ActivityProjector.STORE)
                    .fetch(id, Instant.ofEpochMilli(DailyActivity.windowStart(first)),
                            Instant.ofEpochMilli(DailyActivity.windowStart(last)))) {
                found.forEachRemaining(day -> days.add(day.value));
            }
            return Answers.now(new Activity(id, first, last, days, local.stale()), account.version(), request);
        });
    }

    private static LocalDate day(String parameter, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(parameter, "must be a date YYYY-MM-DD, was '" + text + "'");
        }
    }
}
