package io.ipamoperator.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local clusterctl provider repository holding this checkout's release artefacts, laid out as clusterctl reads a
 * {@code file://} repository ({@code <base>/ipam-ipam-operator/v<version>/}), and a clusterctl config naming it.
 */
final class ClusterctlRepository {

    private ClusterctlRepository() {}

    /** The provider's directory in a repository under {@code base}, with the components and metadata copied in. */
    static Path provider(Path base) throws IOException {
        Path release =
                base.resolve(ClusterctlComponents.PROVIDER_LABEL).resolve("v" + ClusterctlComponents.chartVersion());
        Files.createDirectories(release);
        Files.copy(
                ClusterctlComponents.COMPONENTS,
                release.resolve("ipam-components.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                ClusterctlComponents.METADATA,
                release.resolve("metadata.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return release;
    }

    /** The config entry that registers the provider from {@link #provider}. */
    static String providerEntry(Path release) {
        return """
                  - name: %s
                    type: IPAMProvider
                    url: file://%s
                """.formatted(
                        ClusterctlComponents.PROVIDER,
                        release.resolve("ipam-components.yaml").toAbsolutePath());
    }

    /** A repository with our provider under {@code base} and a clusterctl config naming it; returns the config. */
    static Path create(Path base) throws IOException {
        Path release = provider(base);
        Path config = base.resolve("clusterctl.yaml");
        Files.writeString(config, "providers:\n" + providerEntry(release));
        return config;
    }

    /** An environment that keeps clusterctl off the user's config and cache and off the internet. */
    static Map<String, String> isolated(Path work) {
        return Map.of(
                "XDG_CONFIG_HOME", work.resolve("config").toString(),
                "HOME", work.toString(),
                "CLUSTERCTL_DISABLE_VERSIONCHECK", "true");
    }
}
