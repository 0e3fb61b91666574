package io.ipamoperator.packaging;

import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plain Prometheus rules file is the {@code spec} of the chart's PrometheusRule: this renders it from the chart
 * (with the defaults, or with extra {@code --set} values) in the rules-file format Prometheus and promtool read.
 */
final class AlertRulesFile {

    static final Path PLAIN = Path.of("kubernetes/monitoring/ipam-operator-rules.yaml");
    static final String HEADER = """
            # Prometheus alert rules of the IPAM operator, for a Prometheus without the Prometheus Operator (add this
            # file to rule_files). Generated from helm/ipam-operator/templates/_alerts.tpl with the chart's defaults:
            # edit the template and run ./mvnw verify -Dcrds.update=true. The chart ships the same rules as a
            # PrometheusRule (monitoring.rules.enabled=true), with configurable thresholds and pool exclusion.
            """;

    private AlertRulesFile() {}

    /** The rules file for the chart rendered with {@code values} ("key", value, "key", value ...). */
    static String render(Object... values) {
        TemplateCommand template = HelmChartTest.templateWithCrds().set("monitoring.rules.enabled", true);
        for (int i = 0; i < values.length; i += 2) {
            template = template.set((String) values[i], values[i + 1]);
        }
        String rendered = template.call();
        String rule = Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .filter(document -> document.contains("kind: PrometheusRule"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the chart rendered no PrometheusRule"));
        List<String> lines = rule.lines().toList();
        int spec = lines.indexOf("spec:");
        return HEADER
                + lines.subList(spec + 1, lines.size()).stream()
                        .map(line -> line.startsWith("  ") ? line.substring(2) : line)
                        .collect(Collectors.joining("\n", "", "\n"));
    }
}
