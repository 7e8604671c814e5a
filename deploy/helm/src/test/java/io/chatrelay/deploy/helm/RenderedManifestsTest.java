package io.chatrelay.deploy.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm template} with the default and the production values, read strictly, and what the chart promises. */
class RenderedManifestsTest {

    static final List<String> COMPONENTS = List.of("gateway", "message", "presence", "room");
    static final Set<String> DATA_OWNERS = Set.of("message", "room");
    static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "message", 8081, "presence", 8082, "room", 8083);

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|USERNAME|SECRET|TOKEN|CREDENTIAL|API_KEY).*");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s:]*:[^/@\\s]+@.*");

    static Manifests manifests(String valuesSet) {
        return Manifests.read(HelmChart.rendered(valuesSet));
    }

    static String name(String component) {
        return HelmChart.RELEASE + "-" + component;
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), deployment.getMetadata().getName() + " has one container");
        return containers.get(0);
    }

    static Map<String, EnvVar> env(Deployment deployment) {
        return container(deployment).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    static String envValue(Deployment deployment, String name) {
        EnvVar var = env(deployment).get(name);
        assertNotNull(var, deployment.getMetadata().getName() + " sets " + name);
        return var.getValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void everyRenderedObjectFitsItsKubernetesSchema(String values) {
        Manifests manifests = manifests(values);
        Set<String> kinds = manifests.all().stream().map(o -> o.getKind()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("Deployment", "Service", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "Ingress", "ServiceAccount")), kinds::toString);
        for (var object : manifests.all()) {
            assertEquals(HelmChart.RELEASE, object.getMetadata().getLabels().get("app.kubernetes.io/instance"),
                    object.getKind() + " " + object.getMetadata().getName() + " carries the standard labels");
            assertEquals("Helm", object.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertEquals("chat-relay", object.getMetadata().getLabels().get("app.kubernetes.io/name"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void everyServiceHasDeploymentServiceHpaAndPdb(String values) {
        Manifests manifests = manifests(values);
        assertEquals(4, manifests.all(Deployment.class).size());
        for (String component : COMPONENTS) {
            Deployment deployment = manifests.get(Deployment.class, name(component));
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertEquals(component, selector.get("app.kubernetes.io/component"));
            assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(selector.entrySet()), "pod labels match the selector");

            Service service = manifests.get(Service.class, name(component));
            assertEquals("ClusterIP", service.getSpec().getType());
            assertEquals(selector, service.getSpec().getSelector());
            assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
            assertEquals(PORTS.get(component), container(deployment).getPorts().get(0).getContainerPort());
            assertEquals("http", container(deployment).getPorts().get(0).getName());

            HorizontalPodAutoscaler hpa = manifests.get(HorizontalPodAutoscaler.class, name(component));
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(name(component), hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 1);
            assertTrue(hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas());
            var metric = hpa.getSpec().getMetrics().get(0);
            assertEquals("cpu", metric.getResource().getName());
            assertEquals("Utilization", metric.getResource().getTarget().getType());
            assertNull(deployment.getSpec().getReplicas(), "with an HPA the Deployment leaves replicas to it");

            PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, name(component));
            assertEquals(selector, pdb.getSpec().getSelector().getMatchLabels());
            assertTrue(pdb.getSpec().getMinAvailable() != null ^ pdb.getSpec().getMaxUnavailable() != null,
                    "exactly one of minAvailable / maxUnavailable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void everyDeploymentHasProbesOnTheHealthEndpoints(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            Container container = container(deployment);
            assertProbe(container.getStartupProbe(), "/q/health/started");
            assertProbe(container.getLivenessProbe(), "/q/health/live");
            assertProbe(container.getReadinessProbe(), "/q/health/ready");
            int startupBudget = container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold();
            assertTrue(startupBudget >= 120, "a slow start (Flyway, Kafka) gets at least 2 minutes: " + startupBudget);
        }
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, path + " is an HTTP probe");
        assertEquals(path, get.getPath());
        assertEquals("http", get.getPort().getStrVal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void theGatewayGivesIdleHeapBackToTheSystem(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            if ("gateway".equals(deployment.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
                String javaOpts = envValue(deployment, "JAVA_OPTS_APPEND");
                assertTrue(javaOpts.contains("-XX:G1PeriodicGCInterval=") && javaOpts.contains("-XX:MaxHeapFreeRatio="),
                        javaOpts);
                return;
            }
        }
        throw new AssertionError("no gateway deployment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void everyDeploymentHasResourcesAndACappedHeap(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            Container container = container(deployment);
            var resources = container.getResources();
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(resources.getRequests().get(resource), "request " + resource);
                assertNotNull(resources.getLimits().get(resource), "limit " + resource);
            }
            String javaOpts = envValue(deployment, "JAVA_OPTS_APPEND");
            assertTrue(javaOpts.matches(".*-XX:MaxRAMPercentage=\\d+.*"), javaOpts);
            // setting JAVA_OPTS_APPEND replaces the Dockerfile's: the log manager must stay
            assertTrue(javaOpts.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"), javaOpts);
            assertEquals(String.valueOf(PORTS.get(deployment.getMetadata().getLabels().get("app.kubernetes.io/component"))),
                    envValue(deployment, "QUARKUS_HTTP_PORT"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void everyPodRunsNonRootWithAReadOnlyRootFilesystem(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot());
            assertEquals(185L, podSecurity.getRunAsUser());
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType());
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
            assertEquals(Boolean.FALSE, pod.getEnableServiceLinks());

            Container container = container(deployment);
            SecurityContext security = container.getSecurityContext();
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem());
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation());
            assertEquals(Boolean.TRUE, security.getRunAsNonRoot());
            assertEquals(185L, security.getRunAsUser());
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
            assertEquals("RuntimeDefault", security.getSeccompProfile().getType());

            VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                    .findFirst().orElseThrow(() -> new AssertionError("/tmp is mounted"));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
            assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void credentialsComeOnlyFromSecrets(String values) {
        Manifests manifests = manifests(values);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            for (EnvVar var : container(deployment).getEnv()) {
                if (SECRET_NAME.matcher(var.getName()).matches()) {
                    assertNull(var.getValue(), var.getName() + " has no plain value");
                    assertNotNull(var.getValueFrom().getSecretKeyRef(), var.getName() + " comes from a Secret");
                }
                if (var.getValue() != null) {
                    assertFalse(URL_WITH_PASSWORD.matcher(var.getValue()).matches(), var.getName() + " holds no password");
                }
            }
        }
        for (String component : DATA_OWNERS) {
            Deployment deployment = manifests.get(Deployment.class, name(component));
            Map<String, EnvVar> env = env(deployment);
            for (String name : List.of("DB_USERNAME", "DB_PASSWORD")) {
                var ref = env.get(name).getValueFrom().getSecretKeyRef();
                assertNotNull(ref, component + " " + name);
                boolean chartSecret = manifests.find(Secret.class, ref.getName()).isPresent();
                if ("production".equals(values)) {
                    assertFalse(chartSecret, "production uses existingSecret, the chart creates no DB Secret");
                } else {
                    Secret secret = manifests.get(Secret.class, ref.getName());
                    String stored = secret.getData().get(ref.getKey());
                    assertNotNull(stored, ref.getKey() + " in " + ref.getName());
                    Base64.getDecoder().decode(stored);
                }
            }
            assertTrue(envValue(deployment, "DB_REACTIVE_URL").startsWith("postgresql://"));
            assertTrue(envValue(deployment, "DB_JDBC_URL").startsWith("jdbc:postgresql://"));
        }
        if ("production".equals(values)) {
            for (String component : List.of("gateway", "message", "presence")) {
                EnvVar redis = env(manifests.get(Deployment.class, name(component))).get("REDIS_URL");
                assertEquals("redis-credentials", redis.getValueFrom().getSecretKeyRef().getName());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void servicesGetTheirConfiguration(String values) {
        Manifests manifests = manifests(values);
        for (String component : COMPONENTS) {
            Deployment deployment = manifests.get(Deployment.class, name(component));
            Map<String, EnvVar> env = env(deployment);
            assertFalse(envValue(deployment, "KAFKA_BOOTSTRAP_SERVERS").isBlank());
            assertFalse(envValue(deployment, "JWT_ISSUER").isBlank());
            assertTrue(env.containsKey("JWT_PUBLIC_KEY_LOCATION"));
            assertEquals(DATA_OWNERS.contains(component), env.containsKey("DB_REACTIVE_URL"), component + " DB");
            assertEquals(Set.of("gateway", "message", "presence").contains(component), env.containsKey("REDIS_URL"),
                    component + " Redis");
            boolean tracing = "production".equals(values);
            assertEquals(tracing, env.containsKey("QUARKUS_PROFILE"), component + ": tracing is off by default");
            if (tracing) {
                assertEquals("prod,tracing", envValue(deployment, "QUARKUS_PROFILE"));
                assertTrue(envValue(deployment, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").startsWith("http://"));
            }
        }
        Deployment gateway = manifests.get(Deployment.class, name("gateway"));
        for (String upstream : List.of("message", "presence", "room")) {
            Service service = manifests.get(Service.class, name(upstream));
            assertEquals("http://" + service.getMetadata().getName() + ":" + service.getSpec().getPorts().get(0).getPort(),
                    envValue(gateway, upstream.toUpperCase() + "_SERVICE_URL"), "gateway forwards /api/** to " + upstream);
        }
        if ("production".equals(values)) {
            assertTrue(envValue(gateway, "JWT_PUBLIC_KEY_LOCATION").startsWith("https://"), "JWKS URL");
            assertTrue(envValue(manifests.get(Deployment.class, name("message")), "DB_JDBC_URL").endsWith("?sslmode=require"));
            for (String component : COMPONENTS) {
                assertEquals("registry.example.com/chat-relay/" + component + "-service:1.0.0",
                        container(manifests.get(Deployment.class, name(component))).getImage());
            }
        }
        ServiceAccount account = manifests.all(ServiceAccount.class).get(0);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            assertEquals(account.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        }
        if ("default".equals(values)) {
            for (String component : COMPONENTS) {
                assertEquals("chat-relay/" + component + "-service:1.0.0-SNAPSHOT",
                        container(manifests.get(Deployment.class, name(component))).getImage(), "tag defaults to appVersion");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void ingressRoutesClientPathsToTheGateway(String values) {
        Ingress ingress = manifests(values).all(Ingress.class).get(0);
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout"));

        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertEquals(Set.of("/socket.io/", "/ws", "/api/"), paths.stream().map(HTTPIngressPath::getPath).collect(Collectors.toSet()));
        for (HTTPIngressPath path : paths) {
            assertEquals("Prefix", path.getPathType());
            assertEquals(name("gateway"), path.getBackend().getService().getName());
            assertEquals("http", path.getBackend().getService().getPort().getName());
        }
        if ("production".equals(values)) {
            assertEquals("chat.example.com", ingress.getSpec().getRules().get(0).getHost());
            assertEquals(List.of("chat.example.com"), ingress.getSpec().getTls().get(0).getHosts());
            assertEquals("chat-example-com-tls", ingress.getSpec().getTls().get(0).getSecretName());
            assertEquals("letsencrypt-prod", annotations.get("cert-manager.io/cluster-issuer"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void podsDrainBeforeTheyStop(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = container(deployment);
            List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
            assertEquals("sleep", preStop.get(0));
            long sleep = Long.parseLong(preStop.get(1));
            assertTrue(sleep > 0);
            long shutdown = Duration.parse("PT" + envValue(deployment, "QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase()).toSeconds();
            assertTrue(pod.getTerminationGracePeriodSeconds() >= sleep + shutdown, deployment.getMetadata().getName()
                    + ": grace " + pod.getTerminationGracePeriodSeconds() + " s covers preStop " + sleep + " s + shutdown " + shutdown + " s");
            var strategy = deployment.getSpec().getStrategy().getRollingUpdate();
            assertEquals(0, strategy.getMaxUnavailable().getIntVal(), "no capacity dip during a rollout");
        }
        Deployment gateway = manifests(values).get(Deployment.class, name("gateway"));
        assertTrue(gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() >= 60);
        assertNotNull(manifests(values).get(HorizontalPodAutoscaler.class, name("gateway")).getSpec().getBehavior()
                .getScaleDown(), "the gateway scales down slowly (each removal disconnects sockets)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "production"})
    void podsAreAnnotatedForPrometheus(String values) {
        for (Deployment deployment : manifests(values).all(Deployment.class)) {
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
            assertEquals(String.valueOf(container(deployment).getPorts().get(0).getContainerPort()), annotations.get("prometheus.io/port"));
            assertNotNull(annotations.get("checksum/config"), "pods roll when their configuration changes");
        }
    }

    @Test
    void productionValuesMeetTheProductionBar() {
        Manifests manifests = manifests("production");
        for (String component : COMPONENTS) {
            HorizontalPodAutoscaler hpa = manifests.get(HorizontalPodAutoscaler.class, name(component));
            assertTrue(hpa.getSpec().getMinReplicas() >= 2, component + " runs at least 2 replicas");
            PodDisruptionBudget pdb = manifests.get(PodDisruptionBudget.class, name(component));
            assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), component + " PDB minAvailable 1");
        }
        assertTrue(manifests.get(HorizontalPodAutoscaler.class, name("message")).getSpec().getMaxReplicas() <= 6,
                "no more message-service consumers than message.commands partitions");
        assertTrue(manifests.all(ConfigMap.class).isEmpty(), "JWKS URL: no key ConfigMap");
        assertTrue(manifests.all(Secret.class).isEmpty(), "existingSecret everywhere: the chart creates no Secret");
    }

    @Test
    void inlineKeyMountedFixedReplicasArgsAndScrapeToggle(@TempDir Path tmp) throws IOException {
        Path values = tmp.resolve("jwt.yaml");
        Files.writeString(values, """
                jwt:
                  publicKeyPem: |
                    -----BEGIN PUBLIC KEY-----
                    MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest
                    -----END PUBLIC KEY-----
                metrics:
                  podAnnotations: false
                gateway:
                  autoscaling:
                    enabled: false
                  replicaCount: 2
                  args: ["-Xmx300m"]
                """);
        Manifests manifests = Manifests.read(HelmChart.template(HelmChart.DIR, values));
        ConfigMap key = manifests.get(ConfigMap.class, HelmChart.RELEASE + "-jwt");
        assertTrue(key.getData().get("public.pem").startsWith("-----BEGIN PUBLIC KEY-----\n"), key.getData()::toString);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            assertEquals("file:/etc/chat-relay/jwt/public.pem", envValue(deployment, "JWT_PUBLIC_KEY_LOCATION"));
            VolumeMount mount = container(deployment).getVolumeMounts().stream()
                    .filter(m -> "/etc/chat-relay/jwt".equals(m.getMountPath())).findFirst().orElseThrow();
            assertEquals(Boolean.TRUE, mount.getReadOnly());
            Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertEquals(key.getMetadata().getName(), volume.getConfigMap().getName());
            assertFalse(deployment.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("prometheus.io/scrape"),
                    "scrape annotations can be switched off");
        }
        assertTrue(manifests.find(HorizontalPodAutoscaler.class, name("gateway")).isEmpty());
        assertEquals(2, manifests.get(Deployment.class, name("gateway")).getSpec().getReplicas());
        assertEquals(List.of("-Xmx300m"), container(manifests.get(Deployment.class, name("gateway"))).getArgs());
        assertTrue(container(manifests.get(Deployment.class, name("room"))).getArgs().isEmpty());
    }

    @Test
    void contradictoryValuesStopTheRendering(@TempDir Path tmp) throws IOException {
        Path twoKeys = tmp.resolve("two-keys.yaml");
        Files.writeString(twoKeys, """
                jwt:
                  publicKeyLocation: https://idp.example.com/jwks
                  existingConfigMap: jwt-key
                """);
        RuntimeException jwt = assertThrows(RuntimeException.class, () -> HelmChart.template(HelmChart.DIR, twoKeys));
        assertTrue(jwt.getMessage().contains("set only one of"), jwt::getMessage);

        Path twoBudgets = tmp.resolve("two-budgets.yaml");
        Files.writeString(twoBudgets, """
                room:
                  podDisruptionBudget:
                    minAvailable: 1
                """);
        RuntimeException pdb = assertThrows(RuntimeException.class, () -> HelmChart.template(HelmChart.DIR, twoBudgets));
        assertTrue(pdb.getMessage().contains("room.podDisruptionBudget"), pdb::getMessage);
    }
}
