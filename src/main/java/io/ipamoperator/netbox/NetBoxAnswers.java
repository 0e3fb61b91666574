package io.ipamoperator.netbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading NetBox's answers: JSON to {@link NetBoxAddress} and {@link NetBoxPrefix}, and an HTTP status with its body
 * to a {@link NetBoxProblem}. Pure functions, so every mapping is tested without a server ({@code
 * NetBoxAnswersTest}); the facts behind them were read in NetBox 4.7.3's source and checked against a running one:
 *
 * <ul>
 *   <li>an authentication failure is HTTP 403 (NetBox's token authentication sends no {@code WWW-Authenticate}), its
 *       {@code detail} one of "Invalid v2 token", "Token disabled", "Token expired", "Authentication credentials were
 *       not provided.", "Invalid authorization header: ..."; a missing permission is 403 "You do not have permission
 *       to perform this action.";
 *   <li>{@code available-ips} answers 409 {@code {"detail": "Insufficient resources are available to satisfy the
 *       request"}} when the prefix has fewer free addresses than asked for, 404 when the prefix is gone, and 400 with
 *       "Custom field '<name>' must have a unique value." when the claim UID is taken; a list body's errors are a
 *       list by position ({@code {}} for an entry that validated);
 * </ul>
 */
final class NetBoxAnswers {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The most of a body a message quotes. */
    static final int EXCERPT_LENGTH = 300;

    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private NetBoxAnswers() {}

    /**
     * What a failed call means.
     *
     * @param netbox the NetBox's URL, for messages
     * @param operation what was asked, for messages ("allocate an address from prefix 10.0.0.0/24 [id 3]")
     * @param prefix the prefix an allocation was asked of, or null for any other call
     * @param claimUids the claim UIDs of an allocation's entries in request order (empty for other calls)
     * @param uniqueField the claim-UID custom field's name (its unique-value error means "already allocated")
     * @param status the HTTP status (not 2xx)
     * @param body the body, possibly empty; already redacted
     */
    static NetBoxProblem problem(
            String netbox,
            String operation,
            NetBoxPrefix prefix,
            List<String> claimUids,
            String uniqueField,
            int status,
            String body) {
        String detail = detail(body);
        if (status == 401) {
            return new NetBoxProblem.Unauthorized(netbox, status, detail);
        }
        if (status == 403) {
            return isAuthenticationFailure(detail)
                    ? new NetBoxProblem.Unauthorized(netbox, status, detail)
                    : new NetBoxProblem.Forbidden(netbox, operation, detail);
        }
        if (prefix != null && status == 404) {
            return new NetBoxProblem.PrefixNotFound(netbox, prefix.describe());
        }
        if (prefix != null && status == 409) {
            return new NetBoxProblem.Exhausted(netbox, prefix.describe(), Math.max(1, claimUids.size()), detail);
        }
        if (prefix != null && status == 400) {
            List<String> taken = uniqueViolations(body, claimUids, uniqueField);
            if (!taken.isEmpty()) {
                return new NetBoxProblem.AlreadyAllocated(netbox, prefix.describe(), taken);
            }
        }
        if (status == 502 || status == 503 || status == 504) {
            return new NetBoxProblem.Unreachable(netbox, operation, "HTTP " + status + " from the way to NetBox");
        }
        return new NetBoxProblem.Refused(netbox, operation, status, detail);
    }

    /** NetBox's authentication failures, as opposed to a valid token lacking a permission. */
    static boolean isAuthenticationFailure(String detail) {
        String d = detail.toLowerCase(Locale.ROOT);
        return d.contains("invalid v1 token")
                || d.contains("invalid v2 token")
                || d.contains("invalid token")
                || d.contains("token disabled")
                || d.contains("token expired")
                || d.contains("authentication credentials were not provided")
                || d.contains("invalid authorization header")
                || d.contains("user inactive")
                || d.contains("source ip") // a token restricted to other client addresses
                || d.contains("not permitted to access the api");
    }

    /**
     * The claim UIDs whose entries failed on the claim-UID field's uniqueness. A single-object body's errors carry no
     * position (then it is the one UID asked); a list body's are a list by position.
     */
    static List<String> uniqueViolations(String body, List<String> claimUids, String uniqueField) {
        JsonNode root = parse(body).orElse(null);
        if (root == null) {
            return List.of();
        }
        List<String> taken = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size() && i < claimUids.size(); i++) {
                if (isUniqueViolation(root.get(i).toString(), uniqueField)) {
                    taken.add(claimUids.get(i));
                }
            }
        } else if (claimUids.size() == 1 && isUniqueViolation(root.toString(), uniqueField)) {
            taken.add(claimUids.get(0));
        }
        return taken;
    }

    private static boolean isUniqueViolation(String errors, String uniqueField) {
        return errors.contains("'" + uniqueField + "' must have a unique value");
    }

    /** The {@code detail} of a JSON body, else an excerpt of the body (tags stripped, spaces collapsed, cut). */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        Optional<JsonNode> json = parse(body);
        if (json.isPresent()
                && json.get().isObject()
                && json.get().path("detail").isTextual()) {
            return excerpt(json.get().get("detail").asText());
        }
        if (json.isPresent()
                && json.get().isObject()
                && json.get().path("error").isTextual()) {
            // NetBox's JSON for an unhandled exception: {"error": ..., "exception": ..., "netbox_version": ...}
            return excerpt(json.get().path("exception").asText("") + ": "
                    + json.get().get("error").asText());
        }
        return excerpt(body);
    }

    static String excerpt(String text) {
        String flat = SPACES.matcher(TAGS.matcher(text).replaceAll(" "))
                .replaceAll(" ")
                .trim();
        return flat.length() <= EXCERPT_LENGTH ? flat : flat.substring(0, EXCERPT_LENGTH) + "...";
    }

    static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static NetBoxAddress address(JsonNode node) {
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : node.path("tags")) {
            tags.add(tag.isObject() ? tag.path("slug").asText() : tag.asText());
        }
        Map<String, Object> customFields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields =
                node.path("custom_fields").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            customFields.put(field.getKey(), scalar(field.getValue()));
        }
        return new NetBoxAddress(
                requiredId(node),
                node.path("address").asText(),
                choiceValue(node.path("status")),
                node.path("dns_name").asText(""),
                id(node.path("tenant")),
                id(node.path("vrf")),
                tags,
                customFields);
    }

    static NetBoxPrefix prefix(JsonNode node) {
        JsonNode vrf = node.path("vrf");
        return new NetBoxPrefix(
                requiredId(node),
                node.path("prefix").asText(),
                id(vrf),
                vrf.isObject() ? Optional.of(vrf.path("name").asText()) : Optional.empty(),
                choiceValue(node.path("status")));
    }

    /** NetBox writes a choice as {@code {"value": ..., "label": ...}}. */
    static String choiceValue(JsonNode node) {
        return node.isObject() ? node.path("value").asText("") : node.asText("");
    }

    private static long requiredId(JsonNode node) {
        if (!node.path("id").canConvertToLong()) {
            throw new IllegalArgumentException("no id in " + excerpt(node.toString()));
        }
        return node.get("id").asLong();
    }

    private static Optional<Long> id(JsonNode nested) {
        return nested.isObject() && nested.path("id").canConvertToLong()
                ? Optional.of(nested.get("id").asLong())
                : Optional.empty();
    }

    private static Object scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return value.toString(); // an object or a list: its JSON
    }
}
