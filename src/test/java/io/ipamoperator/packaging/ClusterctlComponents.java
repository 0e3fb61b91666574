package io.ipamoperator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clusterctl components file ({@code clusterctl/ipam-components.yaml}) is the chart rendered for clusterctl: the
 * operator's Namespace added, every object labelled for the provider, and the values a user sets at {@code clusterctl
 * init} turned into clusterctl variables with the chart's defaults ({@code ${VAR:=default}}). Rendering with
 * placeholders and replacing them afterwards keeps the chart the one source; a value that must stay a number
 * (replicas) can only be written as a variable after serialisation.
 */
final class ClusterctlComponents {

    /** The provider's name for clusterctl ({@code clusterctl init --ipam ipam-operator}). */
    static final String PROVIDER = "ipam-operator";
    /** clusterctl's label for it: the provider type's prefix and the name. */
    static final String PROVIDER_LABEL = "ipam-" + PROVIDER;

    static final Path DIRECTORY = Path.of("clusterctl");
    static final Path COMPONENTS = DIRECTORY.resolve("ipam-components.yaml");
    static final Path METADATA = DIRECTORY.resolve("metadata.yaml");
    static final Path SETTINGS = Path.of("clusterctl-settings.json");

    /** The variables of the components file and their defaults (the chart's). */
    record Variable(String name, String defaultValue, String placeholder) {
        String reference() {
            return "${" + name + ":=" + defaultValue + "}";
        }
    }

    static final Variable NAMESPACE = new Variable("IPAM_OPERATOR_NAMESPACE", "ipam-operator-system", "__NAMESPACE__");
    static final Variable IMAGE = new Variable("IPAM_OPERATOR_IMAGE", chartImage(), "__IMAGE__");
    static final Variable REPLICAS = new Variable("IPAM_OPERATOR_REPLICAS", "2", "__REPLICAS__");
    static final Variable LOG_LEVEL = new Variable("IPAM_OPERATOR_LOG_LEVEL", "INFO", "__LOG_LEVEL__");
    static final List<Variable> VARIABLES = List.of(NAMESPACE, IMAGE, REPLICAS, LOG_LEVEL);

    private static final String HEADER = """
            # The IPAM operator for clusterctl: clusterctl init --ipam %s (README, "Installing with clusterctl").
            # Variables (environment or clusterctl config): %s.
            # Generated from helm/ipam-operator with its defaults: do not edit; run ./mvnw verify -Dcrds.update=true.
            """;

    private ClusterctlComponents() {}

    /** The components file as the chart renders it today. */
    static String render() {
        String rendered = new Helm(HelmChartTest.CHART)
                .template()
                .withName("ipam-operator")
                .withNamespace(NAMESPACE.placeholder())
                .set("crds.keep", false)
                .set("image.repository", IMAGE.placeholder())
                .set("image.tag", "")
                .set("replicaCount", Integer.parseInt(REPLICAS.defaultValue()))
                .set("logLevel", LOG_LEVEL.defaultValue())
                .call();
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(namespace());
        objects.addAll(RenderedChart.objects(rendered));
        StringBuilder out = new StringBuilder(HEADER.formatted(
                PROVIDER,
                String.join(", ", VARIABLES.stream().map(Variable::reference).toList())));
        for (ObjectNode object : objects) {
            forProvider(object);
            out.append("---\n").append(RenderedChart.yaml(object));
        }
        return substitute(out.toString());
    }

    private static ObjectNode namespace() {
        ObjectNode namespace = RenderedChart.YAML.createObjectNode();
        namespace.put("apiVersion", "v1").put("kind", "Namespace");
        namespace.putObject("metadata").put("name", NAMESPACE.placeholder()).putObject("labels");
        return namespace;
    }

    /** clusterctl's provider label on every object; the labels of a Helm release replaced by clusterctl's. */
    private static void forProvider(ObjectNode object) {
        ((ObjectNode) object.get("metadata")).withObject("labels").put("cluster.x-k8s.io/provider", PROVIDER_LABEL);
        RenderedChart.managedBy(object, "clusterctl");
        if ("Deployment".equals(object.get("kind").asText())) {
            ObjectNode spec = (ObjectNode) object.get("spec");
            spec.put("replicas", REPLICAS.placeholder());
            for (JsonNode container : spec.at("/template/spec/containers")) {
                for (JsonNode env : container.path("env")) {
                    if ("IPAM_LOG_LEVEL".equals(env.path("name").asText())) {
                        ((ObjectNode) env).put("value", LOG_LEVEL.placeholder());
                    }
                }
            }
        }
    }

    /** Placeholders become variables; a quoted one loses its quotes, so clusterctl's value keeps its YAML type. */
    private static String substitute(String yaml) {
        String result = yaml.replace(IMAGE.placeholder() + ":" + RenderedChart.appVersion(), IMAGE.placeholder());
        for (Variable variable : VARIABLES) {
            String placeholder = Pattern.quote(variable.placeholder());
            result = result.replaceAll(
                    "\"" + placeholder + "\"|" + placeholder, Matcher.quoteReplacement(variable.reference()));
        }
        return result;
    }

    /** The image the chart runs by default: its repository and appVersion. */
    private static String chartImage() {
        return RenderedChart.defaultValue("/image/repository") + ":" + RenderedChart.appVersion();
    }
}
