package io.ipamoperator.allocation;

/** A pool entry that is not an address, a range or a CIDR. */
public class InvalidEntryException extends IllegalArgumentException {

    private final String entry;

    public InvalidEntryException(String entry, String message) {
        super(message);
        this.entry = entry;
    }

    /** The text that was rejected. */
    public String entry() {
        return entry;
    }
}
