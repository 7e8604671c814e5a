package io.chatrelay.deploy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart under test and the Helm operations on it, through helm-java (Helm's Go code as a native
 * library): lint and template work offline, without a cluster or a helm binary.
 */
final class HelmChart {

    static final String RELEASE = "chat-relay";
    static final String NAMESPACE = "chat";

    /** The chart directory, deploy/helm/chat-relay (set by surefire; falls back to the module-relative path). */
    static final Path DIR = Path.of(System.getProperty("chart.dir", "chat-relay")).toAbsolutePath().normalize();

    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** {@code helm lint --strict} of a chart directory. */
    static LintResult lintStrict(Path chartDir) {
        return new Helm(chartDir).lint().strict().call();
    }

    /**
     * {@code helm template} of a chart directory with optional values files (applied in order, like
     * {@code -f a.yaml -f b.yaml}). Throws when Helm cannot render.
     */
    static String template(Path chartDir, Path... valuesFiles) {
        TemplateCommand command = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        return command.call();
    }

    /** The NOTES.txt an install would print: a client-only dry-run install, no cluster needed. */
    static String installNotes(Path chartDir, Path... valuesFiles) {
        InstallCommand command = new Helm(chartDir).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        String output = command.call().getOutput();
        int notes = output.indexOf("NOTES:");
        return notes < 0 ? "" : output.substring(notes);
    }

    /** The chart rendered with its defaults ("default") or with values-production.yaml ("production"), cached. */
    static String rendered(String valuesSet) {
        return RENDERED.computeIfAbsent(valuesSet, set -> switch (set) {
            case "default" -> template(DIR);
            case "production" -> template(DIR, PRODUCTION_VALUES);
            default -> throw new IllegalArgumentException("unknown values set " + set);
        });
    }

    /** A copy of the chart in {@code target}, to corrupt or to lint with other values. */
    static Path copyTo(Path target) {
        Path copy = target.resolve(DIR.getFileName());
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path destination = copy.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /**
     * A copy of the chart whose values.yaml is the chart's values with {@code overlay} merged over them the way
     * Helm merges a {@code -f} file (maps deep-merged, everything else replaced, null removes a key). helm-java's
     * lint takes no values file, so linting with other values lints such a copy.
     */
    static Path copyWithValues(Path target, Path overlay) {
        Path copy = copyTo(target);
        try {
            JsonNode base = YAML.readTree(copy.resolve("values.yaml").toFile());
            JsonNode top = YAML.readTree(overlay.toFile());
            merge((ObjectNode) base, top);
            YAML.writeValue(copy.resolve("values.yaml").toFile(), base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    private static void merge(ObjectNode base, JsonNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = base.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                base.remove(field.getKey());
            } else if (current instanceof ObjectNode currentObject && value.isObject()) {
                merge(currentObject, value);
            } else {
                base.set(field.getKey(), value);
            }
        }
    }
}
