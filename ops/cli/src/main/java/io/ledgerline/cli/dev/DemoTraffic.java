package io.ledgerline.cli.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ledgerline dev --demo}: data a newcomer can watch move. Through the REST command API, as any client would:
 * three customers with two EUR accounts each, an opening deposit on every account, then one command per interval,
 * two deposits for every transfer between two random demo accounts. Runs on one daemon thread until closed; a
 * failed request is logged and the next one tried.
 */
final class DemoTraffic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("\"accountId\"\\s*:\\s*\"([^\"]+)\"");
    private static final int CUSTOMERS = 3;
    private static final int ACCOUNTS_PER_CUSTOMER = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private final ScheduledExecutorService timer;
    private final List<String> accounts = new ArrayList<>();
    private final Random random = new Random();
    private final AtomicLong commands = new AtomicLong();
    private long ticks;

    private DemoTraffic(String commandServiceUrl) {
        this.api = commandServiceUrl + "/api";
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledgerline-demo");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Seeds and then sends one command per interval, on its own thread. */
    static DemoTraffic start(String commandServiceUrl, Duration interval) {
        DemoTraffic demo = new DemoTraffic(commandServiceUrl);
        demo.timer.execute(demo::seed);
        demo.timer.scheduleWithFixedDelay(demo::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return demo;
    }

    /** Commands accepted so far. */
    long commands() {
        return commands.get();
    }

    private void seed() {
        for (int customer = 1; customer <= CUSTOMERS; customer++) {
            for (int account = 1; account <= ACCOUNTS_PER_CUSTOMER; account++) {
                String answer = post("/accounts", "{\"customerId\":\"demo-customer-" + customer
                        + "\",\"currency\":\"EUR\",\"holderName\":\"Demo customer " + customer + "\"}");
                Matcher id = answer == null ? null : ACCOUNT_ID.matcher(answer);
                if (id != null && id.find()) {
                    accounts.add(id.group(1));
                    post("/accounts/" + id.group(1) + "/deposits", "{\"amount\":100000,\"reference\":\"opening\"}");
                }
            }
        }
    }

    private void tick() {
        if (accounts.size() < 2) {
            return;
        }
        String account = accounts.get(random.nextInt(accounts.size()));
        if (ticks++ % 3 != 2) {
            post("/accounts/" + account + "/deposits", "{\"amount\":" + (100 + random.nextInt(5_000))
                    + ",\"reference\":\"demo deposit\"}");
            return;
        }
        String other = accounts.get(random.nextInt(accounts.size()));
        if (!other.equals(account)) {
            post("/transfers", "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + other
                    + "\",\"amount\":" + (100 + random.nextInt(2_000))
                    + ",\"currency\":\"EUR\",\"reference\":\"demo transfer\"}");
        }
    }

    /** The answer's body when the command was accepted (2xx), else null after logging why. */
    private String post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                commands.incrementAndGet();
                return response.body();
            }
            log.warn("Demo command POST {} answered {}: {}", path, response.statusCode(), response.body());
        } catch (IOException e) {
            log.warn("Demo command POST {} failed: {}", path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
