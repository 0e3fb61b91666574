package io.ipamoperator.admission;

import io.ipamoperator.allocation.Violation;
import java.util.List;

/**
 * What a webhook answers: allowed (possibly with warnings and a JSON patch), or refused with the HTTP code, reason
 * and message the API server shows the user, and the field errors behind a 422.
 */
public record AdmissionVerdict(
        boolean allowed,
        int code,
        String reason,
        String message,
        List<Violation> causes,
        List<String> warnings,
        String jsonPatch) {

    public AdmissionVerdict {
        causes = List.copyOf(causes);
        warnings = List.copyOf(warnings);
    }

    static AdmissionVerdict allow(List<String> warnings) {
        return new AdmissionVerdict(true, 200, null, null, List.of(), warnings, null);
    }

    static AdmissionVerdict patch(String jsonPatch) {
        return new AdmissionVerdict(true, 200, null, null, List.of(), List.of(), jsonPatch);
    }

    /** 422 Invalid, every violation in the message and as a cause, as Kubernetes reports a field error. */
    static AdmissionVerdict invalid(String qualifiedKind, String name, List<Violation> violations) {
        String errors = violations.size() == 1
                ? violations.get(0).toString()
                : "["
                        + String.join(
                                ", ",
                                violations.stream().map(Violation::toString).toList()) + "]";
        return new AdmissionVerdict(
                false,
                422,
                "Invalid",
                qualifiedKind + " \"" + name + "\" is invalid: " + errors,
                violations,
                List.of(),
                null);
    }

    static AdmissionVerdict badRequest(String message) {
        return new AdmissionVerdict(false, 400, "BadRequest", message, List.of(), List.of(), null);
    }

    /** The webhook cannot decide now (its index is still being built): the client should try again. */
    static AdmissionVerdict unavailable(String message) {
        return new AdmissionVerdict(false, 503, "ServiceUnavailable", message, List.of(), List.of(), null);
    }
}
