package io.ipamoperator.netbox;

import java.util.Objects;

/** A NetBox call that did not do what was asked; {@link #problem()} says why, in a form a caller can act on. */
public final class NetBoxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient NetBoxProblem problem;

    public NetBoxException(NetBoxProblem problem) {
        super(Objects.requireNonNull(problem).message(), null, false, false);
        this.problem = problem;
    }

    public NetBoxProblem problem() {
        return problem;
    }
}
