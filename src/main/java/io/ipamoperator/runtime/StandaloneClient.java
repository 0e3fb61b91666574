package io.ipamoperator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * A Kubernetes client for code that runs without the CDI container (the {@code audit} mode), set up as Quarkus sets
 * up the operator's client with this package's customizers: the kubeconfig (or the pod's service account) with the
 * client key's algorithm read from the key, and a serialization that reads fields our model does not have.
 */
public final class StandaloneClient {

    private StandaloneClient() {}

    /** A new client of the cluster the environment points at; close it after use. */
    public static KubernetesClient build() {
        return build(Config.autoConfigure(null));
    }

    /** A new client of {@code config}'s cluster; close it after use. */
    public static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(ClientKeyAlgorithm.apply(config))
                .withKubernetesSerialization(
                        new KubernetesSerialization(UnknownFieldsTolerated.tolerate(new ObjectMapper()), true))
                .build();
    }
}
