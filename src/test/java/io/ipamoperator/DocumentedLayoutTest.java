package io.ipamoperator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout that docs/development.md describes is the layout of the code: every package of
 * {@code src/main/java/io/ipamoperator} is in its layer table and every package and path it names exists.
 */
class DocumentedLayoutTest {

    private static final Path DOC = Path.of("docs/development.md");
    private static final Path PACKAGES = Path.of("src/main/java/io/ipamoperator");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void everyPackageIsInTheLayerTableAndEveryListedPackageExists() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String row : tableRows(layoutSection(), 0)) {
            String[] cells = row.split("\\|");
            documented.addAll(codeSpans(cells[2]));
        }
        Set<String> actual;
        try (Stream<Path> children = Files.list(PACKAGES)) {
            actual = children.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(documented).as("the packages docs/development.md lists").isEqualTo(actual);
    }

    @Test
    void everyPathTheLayoutNamesExists() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (String row : tableRows(layoutSection(), 1)) {
            for (String path : codeSpans(row.split("\\|")[1])) {
                if (!Files.exists(Path.of(path))) {
                    missing.add(path);
                }
            }
        }

        assertThat(missing)
                .as("paths docs/development.md names that do not exist")
                .isEmpty();
    }

    private static String layoutSection() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n## Layout");
        assertThat(start).as("docs/development.md has a Layout section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        return end < 0 ? doc.substring(start) : doc.substring(start, end);
    }

    /** The body rows of the {@code index}-th table of {@code section}. */
    private static java.util.List<String> tableRows(String section, int index) {
        java.util.List<java.util.List<String>> tables = new java.util.ArrayList<>();
        java.util.List<String> current = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("|")) {
                if (current == null) {
                    current = new java.util.ArrayList<>();
                    tables.add(current);
                }
                current.add(line);
            } else {
                current = null;
            }
        }
        assertThat(tables.size()).as("tables in the Layout section").isGreaterThan(index);
        return tables.get(index).subList(2, tables.get(index).size());
    }

    private static Set<String> codeSpans(String cell) {
        Set<String> spans = new TreeSet<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            spans.add(matcher.group(1).replaceAll("/$", ""));
        }
        return spans;
    }
}
