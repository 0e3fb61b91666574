package io.ipamoperator.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The Kubernetes client reads objects with fields our model classes do not have, as every Kubernetes client does:
 * during an upgrade the CRDs are applied before the pods roll, so the running operator meets pools using a field the
 * newer CRD added. Jackson refuses an unknown property by default, and the client's serialization (built by Quarkus
 * from this ObjectMapper) is what the informers, the webhooks and the conversion read with; a refusal there stopped
 * an informer or refused the whole pool. The unknown field is ignored when read; nothing here writes a whole pool
 * back (status and finalizers are patched), so it stays stored.
 */
@Singleton
public class UnknownFieldsTolerated implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        tolerate(mapper);
    }

    /** {@code mapper}, reading unknown properties without failing. */
    public static ObjectMapper tolerate(ObjectMapper mapper) {
        return mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
