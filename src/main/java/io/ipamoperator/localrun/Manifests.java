package io.ipamoperator.localrun;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Applies YAML manifests (CRDs first, waiting until they are established) with server-side apply, the way
 * {@code kubectl apply --server-side} would. Used by the local run and the test harness to install CRDs and
 * examples.
 */
public final class Manifests {

    private static final Logger LOG = Logger.getLogger(Manifests.class);
    private static final String FIELD_MANAGER = "ipam-operator-local";
    private static final java.time.Duration CRD_SETTLE = java.time.Duration.ofSeconds(3);

    private final KubernetesClient client;

    public Manifests(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Pauses a few seconds after CRDs were installed. Right after a CRD is established the API server may still
     * replace the resource's handler, closing connections opened in that window, and an operator started then
     * fails to start its informers (seen here about one start in four). A fixed pause is the simplest guard.
     */
    public void awaitCrdsSettled() {
        try {
            Thread.sleep(CRD_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies every {@code *.yml}/{@code *.yaml} file directly in {@code directory}, in name order. */
    public void applyDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("No manifests in " + directory.toAbsolutePath()
                    + ": build the project first (./mvnw package) so that the CRDs are generated.");
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file ->
                            file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
                    .sorted()
                    .forEach(this::applyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void applyFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            apply(client.load(in).items(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void apply(List<HasMetadata> items, Path source) {
        for (HasMetadata item : items) {
            if (item instanceof CustomResourceDefinition crd) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .waitUntilCondition(Manifests::established, 30, TimeUnit.SECONDS);
            } else {
                // namespaced objects without a namespace go to the client's namespace ("default" locally)
                client.resource(item)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            }
            LOG.debugf(
                    "Applied %s %s from %s", item.getKind(), item.getMetadata().getName(), source.getFileName());
        }
        LOG.infof("Applied %d object(s) from %s", items.size(), source);
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(condition -> condition.getType().equals("Established")
                                && condition.getStatus().equals("True"));
    }
}
