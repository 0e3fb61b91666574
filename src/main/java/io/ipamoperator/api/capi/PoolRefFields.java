package io.ipamoperator.api.capi;

/** The three parts of a claim's {@code spec.poolRef}, the same in both contract versions. */
public interface PoolRefFields {

    String apiGroup();

    String kind();

    String name();
}
