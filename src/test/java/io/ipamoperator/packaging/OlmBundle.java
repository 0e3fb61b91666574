package io.ipamoperator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import io.ipamoperator.webhook.WebhookCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OLM bundle ({@code bundle/}): the hand-written part of the ClusterServiceVersion ({@code src/bundle/csv.yaml},
 * what OperatorHub shows) completed from the chart rendered with its defaults (Deployment, RBAC, webhooks, metrics
 * Service, PodDisruptionBudget) and the committed CRDs, so the bundle installs what the chart installs.
 *
 * <p>Generated here rather than by quarkus-operator-sdk's bundle generator: that is served only up to 7.2.3, built
 * for Quarkus 3.27, and would generate RBAC and the Deployment from the code a second time beside the chart.
 *
 * <p>Under OLM, OLM issues the webhooks' serving certificate (mounted at {@value #OLM_CERTIFICATE_DIR}), creates
 * their Service and configurations from {@code webhookdefinitions}, and points the CRDs' conversion at it: the
 * operator runs in its cert-manager-like mode ({@code IPAM_WEBHOOK_CERTIFICATE_DIR}) and touches no caBundle.
 */
final class OlmBundle {

    static final Path DIRECTORY = Path.of("bundle");
    static final String PACKAGE = "ipam-operator";
    static final String CHANNEL = "candidate";
    static final String OLM_CERTIFICATE_DIR = "/tmp/k8s-webhook-server/serving-certs";
    private static final Path SOURCES = Path.of("src/bundle");
    private static final String DEPLOYMENT = "ipam-operator";
    private static final int WEBHOOK_PORT = 9443;
    private static final Map<String, String> DISPLAY_NAMES = Map.of(
            "InClusterIPPool", "In-cluster IP pool",
            "GlobalInClusterIPPool", "Global in-cluster IP pool",
            "InClusterPrefixPool", "In-cluster prefix pool",
            "GlobalInClusterPrefixPool", "Global in-cluster prefix pool");
    /** The environment of the chart's self-managed certificates, which OLM's certificates replace. */
    private static final List<String> SELF_MANAGED_CERTIFICATE_ENV =
            List.of("IPAM_WEBHOOK_SERVICE", "IPAM_WEBHOOK_CONFIGURATION_PREFIX", "IPAM_WEBHOOK_CERTIFICATE_SECRET");

    private OlmBundle() {}

    /** Every file of the bundle (path under {@code bundle/} → content). */
    static Map<Path, String> render() {
        List<ObjectNode> chart = RenderedChart.objects(new Helm(HelmChartTest.CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace("ipam-operator-system")
                .set("crds.enabled", false)
                .call());
        chart.forEach(object -> RenderedChart.managedBy(object, "olm"));
        List<ObjectNode> crds = crds();
        String version = RenderedChart.appVersion();
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(
                Path.of("manifests", PACKAGE + ".clusterserviceversion.yaml"),
                header() + RenderedChart.yaml(csv(chart, crds, version)));
        for (ObjectNode crd : crds) {
            files.put(Path.of("manifests", crd.at("/metadata/name").asText() + ".yaml"), RenderedChart.yaml(crd));
        }
        files.put(
                Path.of("manifests", "ipam-operator-metrics_v1_service.yaml"),
                RenderedChart.yaml(namespaceless(RenderedChart.only(chart, "Service", "ipam-operator"))));
        files.put(
                Path.of("manifests", "ipam-operator_policy_v1_poddisruptionbudget.yaml"),
                RenderedChart.yaml(namespaceless(RenderedChart.only(chart, "PodDisruptionBudget", null))));
        files.put(Path.of("metadata", "annotations.yaml"), annotationsFile());
        files.put(Path.of("bundle.Dockerfile"), dockerfile());
        return files;
    }

    /** The bundle's annotations: media type, where the manifests are, package and channels. */
    static Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("operators.operatorframework.io.bundle.mediatype.v1", "registry+v1");
        annotations.put("operators.operatorframework.io.bundle.manifests.v1", "manifests/");
        annotations.put("operators.operatorframework.io.bundle.metadata.v1", "metadata/");
        annotations.put("operators.operatorframework.io.bundle.package.v1", PACKAGE);
        annotations.put("operators.operatorframework.io.bundle.channels.v1", CHANNEL);
        annotations.put("operators.operatorframework.io.bundle.channel.default.v1", CHANNEL);
        return annotations;
    }

    private static String header() {
        return "# Generated from src/bundle/csv.yaml, the chart and the CRDs: do not edit; run ./mvnw verify"
                + " -Dcrds.update=true.\n";
    }

    private static ObjectNode csv(List<ObjectNode> chart, List<ObjectNode> crds, String version) {
        ObjectNode csv = (ObjectNode) read(SOURCES.resolve("csv.yaml"));
        String image = RenderedChart.defaultValue("/image/repository") + ":" + version;
        ObjectNode metadata = (ObjectNode) csv.get("metadata");
        metadata.put("name", PACKAGE + ".v" + version);
        ObjectNode annotations = (ObjectNode) metadata.get("annotations");
        annotations.put("containerImage", image);
        ObjectNode spec = (ObjectNode) csv.get("spec");
        spec.put("version", version);
        spec.putArray("icon")
                .addObject()
                .put("base64data", Base64.getEncoder().encodeToString(bytes(SOURCES.resolve("icon.svg"))))
                .put("mediatype", "image/svg+xml");
        spec.putArray("relatedImages").addObject().put("name", "ipam-operator").put("image", image);
        ArrayNode owned = owned(crds);
        spec.putObject("customresourcedefinitions").set("owned", owned);
        annotations.put("alm-examples", almExamples(owned));
        spec.set("install", install(chart));
        spec.set("webhookdefinitions", webhooks(chart, crds));
        return csv;
    }

    /**
     * One example for every owned kind and version, the first of {@code examples/10-pools.yaml} or else of {@code
     * src/bundle/alm-examples.yaml}. A claim cannot be one: OLM accepts examples only of the APIs a bundle owns, and
     * IPAddressClaim is Cluster API's (the description shows one instead).
     */
    private static String almExamples(ArrayNode owned) {
        List<ObjectNode> candidates = new ArrayList<>(objects(Path.of("examples/10-pools.yaml")));
        candidates.addAll(objects(SOURCES.resolve("alm-examples.yaml")));
        ArrayNode examples = RenderedChart.YAML.createArrayNode();
        for (JsonNode api : owned) {
            String apiVersion =
                    api.get("name").asText().substring(api.get("name").asText().indexOf('.') + 1) + "/"
                            + api.get("version").asText();
            examples.add(candidates.stream()
                    .filter(example -> example.get("apiVersion").asText().equals(apiVersion)
                            && example.get("kind")
                                    .asText()
                                    .equals(api.get("kind").asText()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no example of " + apiVersion + " "
                            + api.get("kind").asText()
                            + " in examples/10-pools.yaml or src/bundle/alm-examples.yaml")));
        }
        return examples.toPrettyString();
    }

    private static List<ObjectNode> objects(Path file) {
        try {
            return RenderedChart.objects(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every served version of every pool CRD, with the kind's description from its schema. */
    private static ArrayNode owned(List<ObjectNode> crds) {
        ArrayNode owned = RenderedChart.YAML.createArrayNode();
        for (ObjectNode crd : crds) {
            String kind = crd.at("/spec/names/kind").asText();
            for (JsonNode version : crd.at("/spec/versions")) {
                owned.addObject()
                        .put("name", crd.at("/metadata/name").asText())
                        .put("version", version.get("name").asText())
                        .put("kind", kind)
                        .put("displayName", DISPLAY_NAMES.get(kind))
                        .put(
                                "description",
                                version.at("/schema/openAPIV3Schema/description")
                                        .asText());
            }
        }
        return owned;
    }

    private static ObjectNode install(List<ObjectNode> chart) {
        ObjectNode deployment = RenderedChart.only(chart, "Deployment", DEPLOYMENT);
        String account = deployment.at("/spec/template/spec/serviceAccountName").asText();
        ObjectNode install = RenderedChart.YAML.createObjectNode().put("strategy", "deployment");
        ObjectNode spec = install.putObject("spec");
        spec.putArray("clusterPermissions")
                .addObject()
                .put("serviceAccountName", account)
                .set(
                        "rules",
                        withoutCrdWrites(
                                RenderedChart.only(chart, "ClusterRole", null).get("rules")));
        spec.putArray("permissions")
                .addObject()
                .put("serviceAccountName", account)
                .set("rules", RenderedChart.only(chart, "Role", null).get("rules"));
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        ArrayNode env = (ArrayNode) container.get("env");
        for (Iterator<JsonNode> variables = env.elements(); variables.hasNext(); ) {
            if (SELF_MANAGED_CERTIFICATE_ENV.contains(
                    variables.next().get("name").asText())) {
                variables.remove();
            }
        }
        env.addObject().put("name", "IPAM_WEBHOOK_CERTIFICATE_DIR").put("value", OLM_CERTIFICATE_DIR);
        spec.putArray("deployments")
                .addObject()
                .put("name", DEPLOYMENT)
                .<ObjectNode>set("label", deployment.at("/metadata/labels"))
                .set("spec", deployment.get("spec"));
        return install;
    }

    /**
     * The chart's cluster rules without writes to CRDs: the chart's operator points the pool CRDs' conversion at
     * itself, under OLM OLM does (and the validators warn of an operator that may write CRDs).
     */
    private static JsonNode withoutCrdWrites(JsonNode rules) {
        for (JsonNode rule : rules) {
            if (rule.get("resources").toString().contains("customresourcedefinitions")) {
                ArrayNode verbs = (ArrayNode) rule.get("verbs");
                for (Iterator<JsonNode> verb = verbs.elements(); verb.hasNext(); ) {
                    if (List.of("create", "update", "patch")
                            .contains(verb.next().asText())) {
                        verb.remove();
                    }
                }
            }
        }
        return rules;
    }

    /** The chart's admission webhooks as OLM webhook definitions, and the conversion of multi-version CRDs. */
    private static ArrayNode webhooks(List<ObjectNode> chart, List<ObjectNode> crds) {
        ArrayNode definitions = RenderedChart.YAML.createArrayNode();
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            for (JsonNode webhook : RenderedChart.only(chart, kind, null).get("webhooks")) {
                ObjectNode definition = definitions
                        .addObject()
                        .put("type", kind.replace("WebhookConfiguration", "AdmissionWebhook"))
                        .put("generateName", webhook.get("name").asText())
                        .put("deploymentName", DEPLOYMENT)
                        .put("containerPort", 443)
                        .put("targetPort", WEBHOOK_PORT)
                        .put(
                                "webhookPath",
                                webhook.at("/clientConfig/service/path").asText());
                for (String field : List.of(
                        "admissionReviewVersions",
                        "sideEffects",
                        "failurePolicy",
                        "matchPolicy",
                        "timeoutSeconds",
                        "reinvocationPolicy",
                        "rules")) {
                    if (webhook.has(field)) {
                        definition.set(field, webhook.get(field));
                    }
                }
            }
        }
        List<String> converted = crds.stream()
                .filter(crd -> crd.at("/spec/versions").size() > 1)
                .map(crd -> crd.at("/metadata/name").asText())
                .toList();
        ObjectNode conversion = definitions
                .addObject()
                .put("type", "ConversionWebhook")
                .put("generateName", "conversion.ipam.cluster.x-k8s.io")
                .put("deploymentName", DEPLOYMENT)
                .put("containerPort", 443)
                .put("targetPort", WEBHOOK_PORT)
                .put("webhookPath", WebhookCatalog.CONVERSION_PATH)
                .put("sideEffects", "None");
        conversion.putArray("admissionReviewVersions").add("v1");
        converted.forEach(conversion.putArray("conversionCRDs")::add);
        return definitions;
    }

    /** The committed pool CRDs, as the bundle ships them. */
    private static List<ObjectNode> crds() {
        try (Stream<Path> files = Files.list(Path.of("kubernetes/crds"))) {
            List<ObjectNode> crds = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                crds.add((ObjectNode) read(file));
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode namespaceless(ObjectNode object) {
        ((ObjectNode) object.get("metadata")).remove("namespace");
        return object;
    }

    private static String annotationsFile() {
        StringBuilder out = new StringBuilder("annotations:\n");
        annotations()
                .forEach((key, value) ->
                        out.append("  ").append(key).append(": ").append(value).append('\n'));
        return out.toString();
    }

    private static String dockerfile() {
        StringBuilder out = new StringBuilder("""
                # The bundle as an image, for a catalog (opm) or operator-sdk run bundle, from the checkout's root:
                #   docker build -f bundle/bundle.Dockerfile -t <registry>/ipam-operator-bundle:v<version> bundle/
                # Generated with the bundle; do not edit.
                FROM scratch
                """);
        annotations()
                .forEach((key, value) -> out.append("LABEL ")
                        .append(key)
                        .append('=')
                        .append(value)
                        .append('\n'));
        out.append("COPY manifests /manifests/\nCOPY metadata /metadata/\n");
        return out.toString();
    }

    private static JsonNode read(Path file) {
        try {
            return RenderedChart.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
