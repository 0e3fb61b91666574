package io.ipamoperator.api.capi.v1beta2;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ipamoperator.api.capi.ClusterSpec;
import io.ipamoperator.api.capi.ClusterStatus;

/** CAPI {@code Cluster}, v1beta2: only what the paused check reads; every other field is preserved. */
@Group("cluster.x-k8s.io")
@Version(value = "v1beta2", storage = true)
@Categories("cluster-api")
public class Cluster extends CustomResource<ClusterSpec, ClusterStatus> implements Namespaced {}
