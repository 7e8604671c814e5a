package io.chatrelay.deploy.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint --strict} (warnings fail too) and the notes an install prints. */
class ChartLintTest {

    @Test
    void lintsStrictWithDefaultValues() {
        LintResult result = HelmChart.lintStrict(HelmChart.DIR);
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
    }

    @Test
    void lintsStrictWithProductionValues(@TempDir Path tmp) {
        Path chart = HelmChart.copyWithValues(tmp, HelmChart.PRODUCTION_VALUES);
        LintResult result = HelmChart.lintStrict(chart);
        assertFalse(result.isFailed(), () -> "helm lint --strict -f values-production.yaml: " + result.getMessages());
    }

    @Test
    void installNotesTellHowToConnect() {
        String notes = HelmChart.installNotes(HelmChart.DIR);
        assertTrue(notes.contains("ws://<ingress address>/ws?access_token=<JWT>"), notes);
        assertTrue(notes.contains("WARNING: no JWT verification key"), notes);
        assertTrue(notes.contains("message.database.existingSecret"), notes);

        String production = HelmChart.installNotes(HelmChart.DIR, HelmChart.PRODUCTION_VALUES);
        assertTrue(production.contains("wss://chat.example.com/ws?access_token=<JWT>"), production);
        assertTrue(production.contains("gateway-service: http://chat-relay-gateway:80 (HPA 3-12 replicas)"), production);
        assertFalse(production.contains("WARNING"), production);
        assertFalse(production.contains("existingSecret"), production);
    }
}
