package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules are valid ({@code promtool check rules}) and every alert fires exactly when its promtool unit
 * test says ({@code promtool test rules}). promtool comes with Debian's {@code prometheus} package; .ci/run
 * installs it.
 */
class PrometheusRulesTest {

    static final Path TESTS = Path.of("src/test/promtool/ipam-operator-rules.test.yaml");
    static final Path EXCLUDE_TESTS = Path.of("src/test/promtool/exclude-pools.test.yaml");
    static final Path EXCLUDING = Path.of("target/monitoring/ipam-operator-rules-excluding.yaml");

    @Test
    void rulesFilePassesPromtoolCheck() throws Exception {
        assertPromtool("check", "rules", AlertRulesFile.PLAIN.toString());
    }

    @Test
    void everyAlertBehavesAsItsPromtoolTestSays() throws Exception {
        assertPromtool("test", "rules", TESTS.toString());
    }

    @Test
    void everyAlertHasAPromtoolTest() throws IOException {
        List<String> alerts = Pattern.compile("- alert: (\\w+)")
                .matcher(Files.readString(AlertRulesFile.PLAIN))
                .results()
                .map(match -> match.group(1))
                .toList();
        String tests = Files.readString(TESTS);

        assertThat(alerts)
                .hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert + "\n"));
    }

    @Test
    void poolsMatchingTheExcludeRegexGetNoUsageAlerts() throws Exception {
        Files.createDirectories(EXCLUDING.getParent());
        Files.writeString(EXCLUDING, AlertRulesFile.render("monitoring.rules.excludePools", ".*-full"));

        assertPromtool("test", "rules", EXCLUDE_TESTS.toString());
    }

    static void assertPromtool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(promtool()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("promtool %s:\n%s", String.join(" ", arguments), output)
                .isZero();
    }

    private static String promtool() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("promtool is not installed: it comes with Debian's prometheus package "
                + "(apt-get install prometheus); .ci/run installs it");
    }
}
