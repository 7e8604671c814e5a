package io.chatrelay.deploy.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks catch a broken chart: the other tests passing means something. */
class BrokenChartTest {

    @Test
    void misspelledFieldFailsTheSchemaRead(@TempDir Path tmp) throws IOException {
        Path chart = HelmChart.copyTo(tmp);
        replace(chart.resolve("templates/deployment.yaml"), "      containers:\n", "      contianers:\n");

        // Helm renders it: it does not know Kubernetes' schema
        String rendered = assertDoesNotThrow(() -> HelmChart.template(chart));
        assertTrue(rendered.contains("contianers:"), "the corrupted field is rendered");

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> Manifests.read(rendered));
        assertTrue(failure.getMessage().contains("contianers"), failure::getMessage);
        assertTrue(failure.getMessage().contains("Deployment"), failure::getMessage);
    }

    @Test
    void misplacedFieldFailsTheSchemaRead(@TempDir Path tmp) throws IOException {
        Path chart = HelmChart.copyTo(tmp);
        // readOnlyRootFilesystem exists only in the container securityContext, not in the pod's
        replace(chart.resolve("templates/deployment.yaml"),
                "      securityContext:\n        {{- toYaml $common.podSecurityContext | nindent 8 }}\n",
                "      securityContext:\n        readOnlyRootFilesystem: true\n"
                        + "        {{- toYaml $common.podSecurityContext | nindent 8 }}\n");

        String rendered = HelmChart.template(chart);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> Manifests.read(rendered));
        assertTrue(failure.getMessage().contains("readOnlyRootFilesystem"), failure::getMessage);
    }

    @Test
    void wronglyTypedValueFailsTheSchemaRead(@TempDir Path tmp) throws IOException {
        Path chart = HelmChart.copyTo(tmp);
        // an env value must be a string: an unquoted number is refused by the API server
        replace(chart.resolve("templates/_env.tpl"),
                "- name: QUARKUS_HTTP_PORT\n  value: {{ $svc.containerPort | quote }}",
                "- name: QUARKUS_HTTP_PORT\n  value: {{ $svc.containerPort }}");

        String rendered = HelmChart.template(chart);
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> Manifests.read(rendered));
        assertTrue(failure.getMessage().contains("EnvVar[\"value\"]"), failure::getMessage);
    }

    @Test
    void invalidYamlFailsLintAndTemplate(@TempDir Path tmp) throws IOException {
        Path chart = HelmChart.copyTo(tmp);
        replace(chart.resolve("templates/service.yaml"), "  type: ClusterIP\n", "  type: ClusterIP\n   ports: [unclosed\n");

        LintResult lint = HelmChart.lintStrict(chart);
        assertTrue(lint.isFailed(), () -> "lint should fail: " + lint.getMessages());
        assertThrows(RuntimeException.class, () -> HelmChart.template(chart));
    }

    @Test
    void templateSyntaxErrorFailsLintAndTemplate(@TempDir Path tmp) throws IOException {
        Path chart = HelmChart.copyTo(tmp);
        replace(chart.resolve("templates/hpa.yaml"), "  minReplicas: {{ $svc.autoscaling.minReplicas }}",
                "  minReplicas: {{ $svc.autoscaling.minReplicas ");

        LintResult lint = HelmChart.lintStrict(chart);
        assertTrue(lint.isFailed(), () -> "lint should fail: " + lint.getMessages());
        assertThrows(RuntimeException.class, () -> HelmChart.template(chart));
    }

    @Test
    void missingRequiredValueStopsTheRendering(@TempDir Path tmp) throws IOException {
        Path values = tmp.resolve("no-kafka.yaml");
        Files.writeString(values, "kafka:\n  bootstrapServers: \"\"\n");
        RuntimeException failure = assertThrows(RuntimeException.class, () -> HelmChart.template(HelmChart.DIR, values));
        assertTrue(failure.getMessage().contains("kafka.bootstrapServers is required"), failure::getMessage);
    }

    private static void replace(Path file, String target, String replacement) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(target)) {
            throw new AssertionError(file + " no longer contains the text this test corrupts: " + target);
        }
        Files.writeString(file, text.replace(target, replacement));
    }
}
