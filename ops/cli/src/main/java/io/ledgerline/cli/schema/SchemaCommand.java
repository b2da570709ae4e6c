package io.ledgerline.cli.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.kafka.ClusterOptions;
import io.ledgerline.cli.kafka.Output;
import io.ledgerline.registry.CompatibilityResult;
import io.ledgerline.registry.RegisteredSchema;
import io.ledgerline.registry.SchemaRegistryClient;
import java.util.List;
import org.apache.avro.Schema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerline schema list|check|register}: the registry's subjects, and a schema file before deploy. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Schema registry subjects, and checking or registering an .avsc file before a deploy.",
        subcommands = {SchemaCommand.ListSubjects.class, SchemaCommand.Check.class, SchemaCommand.Register.class})
public final class SchemaCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every subject with its versions and the id of its latest schema.")
    static final class ListSubjects implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            Output out = new Output(spec.commandLine().getOut(), cluster.json());
            try (SchemaRegistryClient registry = cluster.registry()) {
                for (String subject : registry.subjects()) {
                    List<Integer> versions = registry.versions(subject);
                    RegisteredSchema latest = registry.latest(subject);
                    ObjectNode object = Output.object();
                    object.put("subject", subject);
                    versions.forEach(object.putArray("versions")::add);
                    object.put("latestId", latest.id());
                    out.print(object, subject + " versions " + versions + " latest id " + latest.id());
                }
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                "Whether the registry would accept the schema under its subject, at the subject's compatibility "
                        + "level. Exit code 0 when it would, 1 (with the reasons) when it is incompatible.",
                "A subject with no versions accepts any schema."
            })
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        SchemaFile file;

        @Mixin
        SubjectChoice subject;

        @Override
        public Integer call() {
            Output out = new Output(spec.commandLine().getOut(), cluster.json());
            Schema schema = file.parse();
            String name = subject.of(schema);
            CompatibilityResult result;
            try (SchemaRegistryClient registry = cluster.registry()) {
                result = registry.testCompatibility(name, schema);
            }
            ObjectNode object = Output.object();
            object.put("subject", name);
            object.put("compatible", result.compatible());
            result.messages().forEach(object.putArray("messages")::add);
            StringBuilder text = new StringBuilder(result.compatible() ? "COMPATIBLE " : "INCOMPATIBLE ").append(name);
            result.messages().forEach(message -> text.append(System.lineSeparator()).append("  ").append(message));
            out.print(object, text.toString());
            return result.compatible() ? 0 : 1;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Registers the schema under its subject (idempotent: an equal schema keeps its version). "
                    + "The registry refuses an incompatible schema; the command then exits 1 with its reason.")
    static final class Register implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        SchemaFile file;

        @Mixin
        SubjectChoice subject;

        @Override
        public Integer call() {
            Output out = new Output(spec.commandLine().getOut(), cluster.json());
            Schema schema = file.parse();
            String name = subject.of(schema);
            try (SchemaRegistryClient registry = cluster.registry()) {
                int id = registry.register(name, schema);
                int version = registry.lookup(name, schema).map(RegisteredSchema::version).orElseThrow();
                ObjectNode object = Output.object();
                object.put("subject", name);
                object.put("version", version);
                object.put("id", id);
                out.print(object, "registered " + name + " version " + version + " id " + id);
            }
            return 0;
        }
    }

    /**
     * The subject a schema goes under: given, or derived from the topic as TopicRecordNameStrategy does. A mixin
     * checked by hand, not an exclusive ArgGroup: picocli's annotation processor cannot share one group class
     * between two commands.
     */
    static final class SubjectChoice {

        @Option(names = "--subject", paramLabel = "SUBJECT", description = "The subject, as given.")
        String subject;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "Derive the subject as <topic>-<full record name> (TopicRecordNameStrategy, which the "
                        + "ledger topics use), e.g. ledger.events-io.ledgerline.avro.event.MoneyDeposited.")
        String topic;

        String of(Schema schema) {
            if ((subject == null) == (topic == null)) {
                throw new IllegalArgumentException("give exactly one of --subject and --topic");
            }
            return subject != null ? subject : topic + "-" + schema.getFullName();
        }
    }
}
