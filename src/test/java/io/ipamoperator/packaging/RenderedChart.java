package io.ipamoperator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The objects of a rendered chart as editable trees, for the release artefacts generated from the chart (clusterctl
 * components, OLM bundle): parsed, relabelled for the tool that installs them, and written back as YAML.
 */
final class RenderedChart {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private RenderedChart() {}

    /** Every object of a multi-document rendering (comments and empty documents dropped). */
    static List<ObjectNode> objects(String rendered) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
            while (documents.hasNext()) {
                if (documents.next() instanceof ObjectNode object && object.has("kind")) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** The one object of {@code kind} (and {@code name}, when not null). */
    static ObjectNode only(List<ObjectNode> objects, String kind, String name) {
        List<ObjectNode> found = objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> name == null || name.equals(o.at("/metadata/name").asText()))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("the chart renders " + found.size() + " " + kind + " " + name);
        }
        return found.get(0);
    }

    /** Every label set of a Helm release (top level and pod templates) says {@code manager} manages it instead. */
    static void managedBy(JsonNode node, String manager) {
        if (node instanceof ObjectNode object) {
            JsonNode labels = object.get("labels");
            if (labels instanceof ObjectNode map && map.has("app.kubernetes.io/managed-by")) {
                map.put("app.kubernetes.io/managed-by", manager);
                map.remove("helm.sh/chart");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                managedBy(fields.next().getValue(), manager);
            }
        } else if (node != null && node.isArray()) {
            node.forEach(element -> managedBy(element, manager));
        }
    }

    static String yaml(JsonNode object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart's appVersion, the version of the operator it runs. */
    static String appVersion() {
        return value("Chart.yaml", "/appVersion");
    }

    /** A value of the chart's values.yaml, by JSON pointer. */
    static String defaultValue(String pointer) {
        return value("values.yaml", pointer);
    }

    private static String value(String file, String pointer) {
        try {
            return YAML.readTree(Files.readString(HelmChartTest.CHART.resolve(file)))
                    .at(pointer)
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
