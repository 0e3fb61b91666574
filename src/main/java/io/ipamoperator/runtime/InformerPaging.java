package io.ipamoperator.runtime;

/**
 * The page size of the first list of the informers that hold one object per claim or IPAddress. Unpaged, that list
 * arrives as one response — with 10 000 claims tens of megabytes of JSON and every object parsed at once — and the
 * heap the JVM grows for it at start-up stays committed. 500 is the page size Kubernetes' own reflectors use.
 */
public final class InformerPaging {

    public static final long LIST_LIMIT = 500;

    private InformerPaging() {}
}
