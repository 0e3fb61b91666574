package io.ipamoperator.index;

/** A reconcile ran before every cache held its initial list: it is retried, and no object is blamed for it. */
public class IndexNotReadyException extends IllegalStateException {

    public IndexNotReadyException(String message) {
        super(message);
    }
}
