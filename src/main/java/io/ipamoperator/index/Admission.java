package io.ipamoperator.index;

import java.util.List;

/**
 * What the index finds of a proposed pool spec, under the pool's lock: the allocated addresses it would strand, and
 * its pre-allocations whose address another claim's IPAddress holds.
 */
public record Admission(List<String> stranded, List<String> preAllocationClashes) {

    public Admission {
        stranded = List.copyOf(stranded);
        preAllocationClashes = List.copyOf(preAllocationClashes);
    }
}
