package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard the chart ships is well-formed: valid JSON with a uid, the data source, namespace and pool
 * variables, unique panel ids on a 24-column grid, a query in every panel, every pool metric filtered by the two
 * variables, and a panel for each thing the dashboard promises.
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("helm/ipam-operator/dashboards/ipam-operator.json");

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Every query expression of the dashboard. */
    static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            panel.path("targets")
                    .forEach(target -> expressions.add(target.get("expr").asText()));
        }
        dashboard().get("templating").get("list").forEach(variable -> {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asText());
            }
        });
        return expressions;
    }

    @Test
    void hasAUidAndTheDataSourceNamespaceAndPoolVariables() throws IOException {
        JsonNode dashboard = dashboard();

        assertThat(dashboard.get("uid").asText()).isEqualTo("ipam-operator");
        List<String> variables = new ArrayList<>();
        dashboard
                .get("templating")
                .get("list")
                .forEach(variable -> variables.add(variable.get("name").asText()));
        assertThat(variables).containsExactly("datasource", "namespace", "pool");
    }

    @Test
    void panelsHaveUniqueIdsFitTheGridAndQueryTheChosenDataSource() throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard().get("panels")) {
            assertThat(ids.add(panel.get("id").asInt()))
                    .as("duplicate panel id %s", panel.get("id"))
                    .isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt())
                    .as(panel.get("title").asText())
                    .isLessThanOrEqualTo(24);
            if (!"row".equals(panel.get("type").asText())) {
                assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
                panel.get("targets")
                        .forEach(target ->
                                assertThat(target.get("expr").asText()).isNotBlank());
            }
        }
    }

    @Test
    void everyPoolQueryIsFilteredByNamespaceAndPool() throws IOException {
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText();
                if (expr.matches("(?s).*ipam_(pool|claim|allocation|releases).*")) {
                    assertThat(expr)
                            .as(panel.get("title").asText())
                            .contains("namespace=~\"$namespace\"", "pool=~\"$pool\"");
                }
            }
        }
    }

    @Test
    void everyQueryIsValidPromQL() throws Exception {
        // promtool has no offline query check: each query becomes a recording rule, which `check rules` parses
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> expressions = expressions();
        for (int i = 0; i < expressions.size(); i++) {
            String expr = expressions.get(i).replace("$namespace", ".*").replace("$pool", ".*");
            if (expr.startsWith("label_values(")) {
                expr = expr.substring("label_values(".length(), expr.lastIndexOf(',')); // the variable's selector
            }
            rules.append("      - record: dashboard:query")
                    .append(i)
                    .append("\n        expr: '")
                    .append(expr.replace("'", "''"))
                    .append("'\n");
        }
        Path file = Path.of("target/monitoring/dashboard-queries.rules.yaml");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, rules);

        PrometheusRulesTest.assertPromtool("check", "rules", file.toString());
    }

    @Test
    void hasAPanelForEachPromisedView() throws IOException {
        List<String> titles = new ArrayList<>();
        dashboard().get("panels").forEach(panel -> titles.add(panel.get("title").asText()));

        assertThat(titles)
                .contains(
                        "Pool utilisation",
                        "Top pools by utilisation",
                        "Time to exhaustion (forecast)",
                        "Claim to address latency",
                        "Allocation results",
                        "Waiting claims",
                        "Conflicts",
                        "Reconcile errors");
        assertThat(expressions())
                .anyMatch(expr -> expr.contains("histogram_quantile(0.5,"))
                .anyMatch(expr -> expr.contains("histogram_quantile(0.99,"))
                .anyMatch(expr -> expr.contains("deriv(ipam_pool_addresses_free"));
    }
}
