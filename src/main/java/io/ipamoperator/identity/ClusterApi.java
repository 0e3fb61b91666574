package io.ipamoperator.identity;

import java.util.Optional;

/**
 * The version in which the cluster serves Cluster API's {@code Cluster} (its preferred version), discovered once;
 * empty when Cluster API is not installed, and then claims and machines that name a Cluster wait for it.
 */
public record ClusterApi(Optional<String> apiVersion) {

    public static final String KIND = "Cluster";
}
