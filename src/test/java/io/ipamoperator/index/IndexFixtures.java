package io.ipamoperator.index;

/** The index as the tests of other packages need it. */
public final class IndexFixtures {

    private IndexFixtures() {}

    /** The readiness of an index that holds every IPAddress (there are none to list in a unit test). */
    public static IndexReadiness ready() {
        IndexReadiness readiness = new IndexReadiness();
        readiness.markReady();
        return readiness;
    }
}
