package io.ipamoperator.audit;

/** What the repair did (or, in a dry run, would do) with one orphaned IPAddress. */
record RepairAction(String object, Outcome outcome, String detail) {

    enum Outcome {
        WOULD_DELETE("would delete"),
        DELETED("deleted"),
        KEPT("kept");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }
}
