package io.ipamoperator.api.capi;

import io.fabric8.generator.annotation.Required;

/** A reference by name to an object in the same namespace ({@code claimRef}, {@code addressRef}). */
public class LocalReference {

    @Required
    public String name;

    public LocalReference() {}

    public LocalReference(String name) {
        this.name = name;
    }
}
