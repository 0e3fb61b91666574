package io.ipamoperator.packaging;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Asks the API server whether a user may make a call (a SubjectAccessReview), as RBAC decides it. */
final class AccessReviews {

    private AccessReviews() {}

    /**
     * Whether {@code user} (in {@code groups}) may {@code verb} the {@code resource} ("kind" or "kind/subresource")
     * of API group {@code group} in {@code namespace} (empty: cluster-wide).
     */
    static boolean allowed(
            KubernetesClient client,
            String user,
            List<String> groups,
            String verb,
            String group,
            String resource,
            String namespace) {
        String[] parts = resource.split("/", 2);
        return client.authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user)
                        .withGroups(groups)
                        .withNewResourceAttributes()
                        .withVerb(verb)
                        .withGroup(group)
                        .withResource(parts[0])
                        .withSubresource(parts.length > 1 ? parts[1] : null)
                        .withNamespace(namespace.isEmpty() ? null : namespace)
                        .endResourceAttributes()
                        .endSpec()
                        .build())
                .getStatus()
                .getAllowed();
    }
}
