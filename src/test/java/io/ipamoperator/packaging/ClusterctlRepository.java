package io.ipamoperator.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A local clusterctl provider repository holding this checkout's release artefacts, laid out as clusterctl reads a
 * {@code file://} repository ({@code <base>/ipam-ipam-operator/v<version>/}), and a clusterctl config naming it.
 */
final class ClusterctlRepository {

    private ClusterctlRepository() {}

    /** The provider's directory in a repository under {@code base}, with the components and metadata copied in. */
    static Path provider(Path base) throws IOException {
        Path release = base.resolve(ClusterctlComponents.PROVIDER_LABEL).resolve("v" + RenderedChart.appVersion());
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

    /**
     * A repository under {@code base} with our provider and stand-ins for the Cluster API providers {@code clusterctl
     * init} installs first (core, kubeadm bootstrap and control plane, at the CAPI version clusterctl was built at):
     * the core one brings the Cluster, IPAddressClaim and IPAddress CRDs of {@code kubernetes/dependencies}, the
     * kubeadm ones only their namespaces. Their controllers are not what is tested, and no images can run here.
     * Returns the clusterctl config naming all four.
     */
    static Path createWithClusterApi(Path base, String capiVersion) throws IOException {
        Path ours = provider(base);
        StringBuilder core = new StringBuilder(namespace("capi-system"));
        for (String crd : List.of(
                "clusters.cluster.x-k8s.io",
                "ipaddressclaims.ipam.cluster.x-k8s.io",
                "ipaddresses.ipam.cluster.x-k8s.io")) {
            core.append("---\n").append(Files.readString(Path.of("kubernetes/dependencies", crd + "-v1.yml")));
        }
        String metadata = """
                apiVersion: clusterctl.cluster.x-k8s.io/v1alpha3
                kind: Metadata
                releaseSeries:
                  - {major: %s, minor: %s, contract: v1beta2}
                """.formatted(
                        capiVersion.substring(1).split("\\.")[0], capiVersion.split("\\.")[1]);
        StringBuilder config = new StringBuilder("providers:\n").append(providerEntry(ours));
        config.append(stub(
                base,
                "cluster-api",
                "CoreProvider",
                "cluster-api",
                "core-components.yaml",
                core.toString(),
                metadata,
                capiVersion));
        config.append(stub(
                base,
                "kubeadm",
                "BootstrapProvider",
                "bootstrap-kubeadm",
                "bootstrap-components.yaml",
                namespace("capi-kubeadm-bootstrap-system"),
                metadata,
                capiVersion));
        config.append(stub(
                base,
                "kubeadm",
                "ControlPlaneProvider",
                "control-plane-kubeadm",
                "control-plane-components.yaml",
                namespace("capi-kubeadm-control-plane-system"),
                metadata,
                capiVersion));
        Path file = base.resolve("clusterctl.yaml");
        Files.writeString(file, config);
        return file;
    }

    private static String namespace(String name) {
        return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
    }

    private static String stub(
            Path base,
            String name,
            String type,
            String label,
            String file,
            String components,
            String metadata,
            String version)
            throws IOException {
        Path release = Files.createDirectories(base.resolve(label).resolve(version));
        Files.writeString(release.resolve(file), components);
        Files.writeString(release.resolve("metadata.yaml"), metadata);
        return """
                  - name: %s
                    type: %s
                    url: file://%s
                """.formatted(name, type, release.resolve(file).toAbsolutePath());
    }

    /**
     * Runs clusterctl with {@code config} and {@code variables}, kept off the user's config and cache and off the
     * internet ({@link #isolated}), in {@code work}.
     */
    static io.ipamoperator.testing.GoTestTools.Result clusterctl(
            Path config, Path work, Map<String, String> variables, String... arguments) {
        Map<String, String> environment = new java.util.HashMap<>(isolated(work));
        environment.putAll(variables);
        List<String> command = new java.util.ArrayList<>(List.of(arguments));
        command.addAll(List.of("--config", config.toString()));
        return io.ipamoperator.testing.GoTestTools.clusterctl(environment, work, command.toArray(String[]::new));
    }

    /** An environment that keeps clusterctl off the user's config and cache and off the internet. */
    static Map<String, String> isolated(Path work) {
        return Map.of(
                "XDG_CONFIG_HOME", work.resolve("config").toString(),
                "HOME", work.toString(),
                "CLUSTERCTL_DISABLE_VERSIONCHECK", "true");
    }
}
