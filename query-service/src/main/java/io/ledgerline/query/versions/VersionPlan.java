package io.ledgerline.query.versions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the control records say so far (ADR 0021): which projection versions run, which are dropped, and which version
 * serves each read model. Pure: {@link #apply} returns the next plan. A query service starts from its configured
 * version ({@link #startingWith}), which runs and serves every read model until records say otherwise; the CLI,
 * which does not know that version, starts {@link #empty()}.
 */
public final class VersionPlan {

    private final String base;
    private final Set<String> started;
    private final Set<String> dropped;
    private final Map<ReadModel, String> serving;

    private VersionPlan(String base, Set<String> started, Set<String> dropped, Map<ReadModel, String> serving) {
        this.base = base;
        this.started = started;
        this.dropped = dropped;
        this.serving = serving;
    }

    /** The plan of an instance configured with {@code baseVersion}, before any control record. */
    public static VersionPlan startingWith(String baseVersion) {
        return new VersionPlan(ControlRecord.requireValid(baseVersion), Set.of(), Set.of(), Map.of());
    }

    /** The plan as the control log alone says it (no configured version). */
    public static VersionPlan empty() {
        return new VersionPlan(null, Set.of(), Set.of(), Map.of());
    }

    public VersionPlan apply(ControlRecord record) {
        Set<String> nextStarted = new LinkedHashSet<>(started);
        Set<String> nextDropped = new LinkedHashSet<>(dropped);
        Map<ReadModel, String> nextServing = new EnumMap<>(ReadModel.class);
        nextServing.putAll(serving);
        if (record instanceof ControlRecord.Run run) {
            nextStarted.add(run.version());
        } else if (record instanceof ControlRecord.Drop drop) {
            nextDropped.add(drop.version());
        } else if (record instanceof ControlRecord.Serve serve) {
            nextServing.put(serve.model(), serve.version());
        }
        return new VersionPlan(base, Set.copyOf(nextStarted), Set.copyOf(nextDropped), Map.copyOf(nextServing));
    }

    /** The versions to run: the configured one and every started one, less the dropped ones; configured first. */
    public List<String> running() {
        Set<String> versions = new LinkedHashSet<>();
        if (base != null) {
            versions.add(base);
        }
        versions.addAll(started.stream().sorted().toList());
        versions.removeAll(dropped);
        return new ArrayList<>(versions);
    }

    /** Whether a record started {@code version} (the configured one is not started by a record). */
    public boolean started(String version) {
        return started.contains(version);
    }

    public boolean dropped(String version) {
        return dropped.contains(version);
    }

    /** Every version a record names (started, dropped or serving). */
    public Set<String> known() {
        Set<String> known = new LinkedHashSet<>(started);
        known.addAll(dropped);
        known.addAll(serving.values());
        return known;
    }

    /** The version serving {@code model}: the last serve record's, else the configured one (unknown to the CLI). */
    public Optional<String> serving(ReadModel model) {
        return Optional.ofNullable(serving.getOrDefault(model, base));
    }

    /** The read models {@code version} serves. */
    public List<ReadModel> serves(String version) {
        return List.of(ReadModel.values()).stream()
                .filter(model -> serving(model).filter(version::equals).isPresent()).toList();
    }
}
