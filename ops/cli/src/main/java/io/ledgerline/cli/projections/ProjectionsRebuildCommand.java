package io.ledgerline.cli.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.Cluster;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.query.versions.ControlRecord;
import io.ledgerline.query.versions.ReadModel;
import io.ledgerline.query.rebuild.BulkLoad;
import io.ledgerline.query.versions.VersionPlan;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerline projections rebuild <name|all>} (ADR 0021, ADR 0028): builds a new projection version beside the
 * live one, by default with a bulk load ({@link BulkLoad}: {@code ledger.events} folded here, the final states
 * written to the version's changelogs, its group's offsets committed at the end offsets folded to), with
 * {@code --replay} by letting its Kafka Streams topology replay the log from offset zero. Then it publishes the
 * version on the control topic, so every query service instance starts it beside the versions it runs (restoring the
 * loaded stores, then applying what was appended since), and follows its consumer group's committed offsets against
 * the end offsets of {@code ledger.events} until it has caught up and the query service reports it ready, with
 * events/s and an ETA; with {@code --switch}, then moves the reads of the named read models to it. The figures at the
 * end (events, wall time from the start, events/s) are the rebuild benchmark of docs/BENCHMARKS.md. Run again for a
 * version that already runs, it only follows it; for one loaded but not published (an interrupted run), it publishes
 * it without loading again.
 */
@Command(
        name = "rebuild",
        description = "Start a new projection version from offset zero beside the live one, show its progress "
                + "until it has caught up with ledger.events, and with --switch serve the reads of NAME from it.")
public final class ProjectionsRebuildCommand implements Callable<Integer> {

    private static final Pattern NUMBERED = Pattern.compile("v(\\d{1,9})");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration LINE_EVERY = Duration.ofSeconds(1);
    private static final int BAR = 30;

    @Spec
    CommandSpec spec;

    // No mixinStandardHelpOptions: its --version (the CLI's version) would take this command's --version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ProjectionOptions projections;

    @Parameters(paramLabel = "NAME",
            description = "all, or one of account, statement, activity, portfolio, transfer, totals: the read "
                    + "models --switch moves (a version always builds all of them).")
    String name;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "The new version's name (default: v<N+1> after the highest vN known).")
    String version;

    @Option(names = "--switch", description = "Serve the reads of NAME from the new version once it has caught up.")
    boolean switchReads;

    @Option(names = "--max-lag", defaultValue = "100", paramLabel = "EVENTS",
            description = "Caught up means at most this many events behind (default: ${DEFAULT-VALUE}).")
    long maxLag;

    @Option(names = "--replay",
            description = "Build the version by replaying ledger.events through its Kafka Streams topology instead "
                    + "of the bulk load (slower; ADR 0028).")
    boolean replay;

    @Option(names = "--activity-retention", defaultValue = "400", paramLabel = "DAYS",
            description = "The daily activity retention the query service runs with "
                    + "(ledgerline.projections.activity-retention), which the bulk load keeps (default: "
                    + "${DEFAULT-VALUE}).")
    int activityRetentionDays;

    @Option(names = "--start-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "How long a query service instance may take to start the version (default: "
                    + "${DEFAULT-VALUE}).")
    int startTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        List<ReadModel> models = ProjectionVersions.models(name);
        Output out = new Output(spec.commandLine().getOut(), cluster.json());
        try (Cluster connected = Cluster.connect(cluster)) {
            VersionPlan plan = ControlTopic.read(connected, projections.controlTopic());
            String target = version != null ? ControlRecord.requireValid(version) : next(connected, plan);
            if (plan.dropped(target)) {
                throw new IllegalArgumentException("projection version " + target + " was dropped; rebuild under "
                        + "another name (--version)");
            }
            String id = ProjectionVersions.applicationId(target);
            long started = System.nanoTime();
            boolean following = plan.started(target) || runs(connected, id);
            boolean bulk = !replay && !following;
            ObjectNode begun = Output.object();
            begun.put("action", "rebuild");
            begun.put("version", target);
            begun.put("applicationId", id);
            begun.put("path", following ? "follow" : bulk ? "bulk" : "replay");
            out.print(begun, following ? "following " + target + " (" + id + "), which runs already"
                    : "rebuilding " + target + " (" + id + ") from offset zero"
                            + (bulk ? " by bulk load" : " by replay"));
            long loaded = bulk ? load(connected, out, target, id) : 0;
            long published = System.nanoTime();
            if (!plan.started(target)) {
                ControlTopic.write(connected, projections.controlTopic(), List.of(new ControlRecord.Run(target)));
            }
            long events = loaded + follow(connected, out, target, id, bulk ? published : started);
            long now = System.nanoTime();
            double seconds = (now - started) / 1e9;
            ObjectNode done = Output.object();
            done.put("action", "caught-up");
            done.put("version", target);
            done.put("events", events);
            done.put("seconds", round(seconds));
            done.put("eventsPerSecond", Math.round(events / seconds));
            if (bulk) {
                done.put("loadSeconds", round((published - started) / 1e9));
                done.put("startSeconds", round((now - published) / 1e9));
            }
            out.print(done, String.format(Locale.ROOT, "%s caught up: %,d events in %.1f s = %,.0f events/s%s",
                    target, events, seconds, events / seconds, bulk ? String.format(Locale.ROOT,
                            " (load %.1f s, start with restore %.1f s)", (published - started) / 1e9,
                            (now - published) / 1e9) : ""));
            if (switchReads) {
                ProjectionsSwitchCommand.switchReads(connected, projections, models, target, maxLag, out);
            }
        }
        return 0;
    }

    /**
     * Bulk-loads the version unless an interrupted earlier run did (its group has committed offsets); returns the
     * offsets of {@code ledger.events} loaded, with a progress bar or lines meanwhile.
     */
    private long load(Cluster connected, Output out, String target, String id) {
        BulkLoad loader = new BulkLoad(connected.admin(), Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()), connected.registry(), Duration.ofDays(activityRetentionDays),
                connected.timeout());
        if (loader.loaded(id)) {
            out.print(Output.object().put("action", "already-loaded").put("version", target), target
                    + " was loaded before (its group has committed offsets): starting it");
            return 0;
        }
        boolean tty = System.console() != null && !out.json();
        long started = System.nanoTime();
        long[] lastLine = {0};
        BulkLoad.Result result = loader.load(id, (read, total) -> {
            long now = System.nanoTime();
            boolean last = read == total;
            if (!last && now - lastLine[0] < (tty ? POLL : LINE_EVERY).toNanos()) {
                return;
            }
            lastLine[0] = now;
            double rate = read / Math.max(1e-3, (now - started) / 1e9);
            if (tty) {
                out.raw("\r" + bar(read, total, rate, total - read) + (last ? "\n" : ""));
            } else {
                ObjectNode json = Output.object();
                json.put("action", "progress");
                json.put("phase", "load");
                json.put("version", target);
                json.put("processed", read);
                json.put("lag", total - read);
                json.put("eventsPerSecond", Math.round(rate));
                out.print(json, "loading: " + text(read, total - read, rate));
            }
        });
        double seconds = (result.fold().toNanos() + result.write().toNanos()) / 1e9;
        ObjectNode json = Output.object();
        json.put("action", "loaded");
        json.put("version", target);
        json.put("events", result.events());
        json.put("offsets", result.offsets());
        json.put("deadLetters", result.deadLetters());
        json.put("duplicates", result.duplicates());
        json.put("gaps", result.gaps());
        json.put("changelogRecords", result.changelog());
        json.put("foldSeconds", round(result.fold().toNanos() / 1e9));
        json.put("writeSeconds", round(result.write().toNanos() / 1e9));
        json.put("eventsPerSecond", Math.round(result.offsets() / seconds));
        out.print(json, String.format(Locale.ROOT, "%s loaded: %,d events (%,d dead letters, %,d duplicates, %,d "
                + "gaps) folded in %.1f s, %,d changelog records, final states written in %.1f s: %,.0f events/s",
                target, result.events(), result.deadLetters(), result.duplicates(), result.gaps(),
                result.fold().toNanos() / 1e9, result.changelog(), result.write().toNanos() / 1e9,
                result.offsets() / seconds));
        return result.offsets();
    }

    /**
     * Whether {@code id} runs somewhere already, though the control topic never said so: its group has members, or
     * the query service at {@code --query-url} runs it (its configured base version, which it runs without the
     * control topic and may not have started yet). Such a version is followed, never loaded.
     */
    private boolean runs(Cluster connected, String id) {
        return ProjectionVersions.group(connected, id).filter(group -> !group.members().isEmpty()).isPresent()
                || ProjectionVersions.running(projections.queryUrl(), connected.timeout()).contains(id);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /**
     * Polls the version's lag until it is at most {@code maxLag} and the query service (when it answers) reports the
     * version ready: a bulk-loaded version is caught up by its offsets as soon as it starts, but restores its stores
     * first; returns the offsets of {@code ledger.events} it has
     * read since the first poll (records plus transaction markers: committed offsets are positions in the log). For a
     * new version that is the whole log; for one that already ran, what it read while this command watched.
     */
    private long follow(Cluster connected, Output out, String target, String id, long started)
            throws InterruptedException {
        boolean tty = System.console() != null && !out.json();
        long startDeadline = started + Duration.ofSeconds(startTimeoutSeconds).toNanos();
        boolean joined = false;
        long lastLine = 0;
        long baseline = -1;
        Map<TopicPartition, Long> startEnds = null;
        try (KafkaConsumer<byte[], byte[]> consumer = connected.consumer()) {
            while (true) {
                Map<TopicPartition, Long> ends = ProjectionLag.endOffsets(connected);
                Map<TopicPartition, ProjectionLag.Behind> lags = ProjectionLag.lags(connected, consumer, ends, id);
                long lag = ProjectionLag.total(lags);
                if (baseline < 0) {
                    baseline = ProjectionLag.processed(lags);
                }
                long processed = ProjectionLag.processed(lags) - baseline;
                long now = System.nanoTime();
                joined = joined || ProjectionVersions.group(connected, id).filter(g -> !g.members().isEmpty())
                        .isPresent();
                if (!joined && now - startDeadline > 0) {
                    throw new IllegalStateException("no query service instance started " + target + " within "
                            + startTimeoutSeconds + " s: is one running and reading " + projections.controlTopic()
                            + "?");
                }
                if (startEnds == null) {
                    startEnds = ends;
                }
                boolean caughtUp = joined && lag <= maxLag && readPast(startEnds, lags)
                        && ProjectionVersions.ready(projections.queryUrl(), connected.timeout(), id).orElse(true);
                double seconds = Math.max(1e-3, (now - started) / 1e9);
                double rate = processed / seconds;
                if (tty) {
                    out.raw("\r" + bar(processed, processed + lag, rate, lag) + (caughtUp ? "\n" : ""));
                } else if (!caughtUp && now - lastLine >= LINE_EVERY.toNanos()) {
                    ObjectNode json = Output.object();
                    json.put("action", "progress");
                    json.put("version", target);
                    json.put("processed", processed);
                    json.put("lag", lag);
                    json.put("eventsPerSecond", Math.round(rate));
                    if (rate > 0) {
                        json.put("etaSeconds", Math.round(lag / rate));
                    }
                    out.print(json, text(processed, lag, rate));
                    lastLine = now;
                }
                if (caughtUp) {
                    return processed;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * Whether the version has read, on every partition, the log as it stood when this command started following:
     * without this a log shorter than {@code --max-lag} would count as caught up before anything was read. A
     * partition counts when its committed offset reached that end, or nothing is left to read on it (an idle
     * exactly-once group stays one offset, a commit marker, short of the end).
     */
    private static boolean readPast(Map<TopicPartition, Long> startEnds,
            Map<TopicPartition, ProjectionLag.Behind> lags) {
        return lags.entrySet().stream().allMatch(entry -> entry.getValue().lag() == 0
                || entry.getValue().committed() >= startEnds.getOrDefault(entry.getKey(), 0L));
    }

    private static String text(long processed, long lag, double rate) {
        return String.format(Locale.ROOT, "%,d events read, %,d behind, %,.0f events/s, ETA %s", processed, lag, rate,
                eta(lag, rate));
    }

    private static String bar(long processed, long total, double rate, long lag) {
        int filled = total == 0 ? BAR : (int) Math.min(BAR, processed * BAR / total);
        int percent = total == 0 ? 100 : (int) Math.min(100, processed * 100 / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format(Locale.ROOT, "%3d%% ",
                percent) + text(processed, lag, rate);
    }

    private static String eta(long lag, double rate) {
        if (lag == 0) {
            return "0 s";
        }
        return rate <= 0 ? "unknown" : Math.round(lag / rate) + " s";
    }

    /** {@code v<N+1>} after the highest {@code vN} among the projection groups and the control log's versions. */
    private static String next(Cluster connected, VersionPlan plan) {
        int highest = 1;
        List<String> known = connected.await(connected.admin().listGroups(ListGroupsOptions.forConsumerGroups()).all(),
                        "listing consumer groups").stream().map(GroupListing::groupId)
                .filter(id -> id.startsWith(ProjectionVersions.PREFIX))
                .map(id -> id.substring(ProjectionVersions.PREFIX.length())).toList();
        for (String each : known) {
            highest = Math.max(highest, number(each));
        }
        for (String each : plan.known()) {
            highest = Math.max(highest, number(each));
        }
        return "v" + (highest + 1);
    }

    private static int number(String version) {
        Matcher matcher = NUMBERED.matcher(version);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}
