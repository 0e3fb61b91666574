package io.ipamoperator.netbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few NetBox REST calls a NetBox-backed pool needs: check the connection, find prefixes, make sure the claim-UID
 * custom field and the ownership tag exist, allocate addresses for claims (one, or a batch in one request), find a
 * claim's address by its UID, release, and list what we own for the leak audit.
 *
 * <p><b>Why the JDK's {@link HttpClient} and Jackson's tree model, not a client generated from NetBox's OpenAPI
 * document:</b> we use about ten endpoints and a handful of fields of each; a generated client brings hundreds of
 * classes per NetBox version, and its typed models reject (or silently drop) what a newer NetBox adds, while a tree
 * read of the fields we need does neither. The JDK client needs no dependency (nothing to fit into the native image
 * or the operator's HTTP stack), takes a per-connection {@link SSLContext} for the pool's CA bundle, and is
 * thread-safe, so one client serves all of a pool's reconciles. No Quarkus or Kubernetes type is used here.
 *
 * <p><b>Exactly one address per claim.</b> NetBox's {@code available-ips} endpoint chooses and saves addresses under
 * one PostgreSQL advisory lock for the whole instance, and it checks a {@code unique} custom field (in Python, not in
 * the database) inside that lock: two allocations carrying the same claim UID cannot both succeed, the second gets a
 * 400 ({@link NetBoxProblem.AlreadyAllocated}). That holds only for allocations through {@code available-ips}, which
 * is why this client creates addresses only there, and only for the entries of different requests: one list body's
 * entries are validated together before any is saved, so a batch with a UID twice would make two addresses; {@link
 * #allocate(NetBoxPrefix, List)} refuses such a batch. An allocation whose answer is lost (a time-out, a crash) may
 * have happened: {@link #findOrAllocate} looks the claim's address up by its UID first.
 *
 * <p><b>Filtering on a custom field.</b> NetBox ignores a filter on a custom field it does not know (and filters
 * text fields by substring unless the field's {@code filter_logic} is {@code exact}), answering with every address.
 * {@link #findByClaimUids} therefore compares each answer's field itself, and an answer that does not match means
 * the filter was ignored: {@link NetBoxProblem.SetupMissing}, never someone else's address.
 *
 * <p><b>The token</b> is only ever in the {@code Authorization} header; answers are redacted before they are quoted,
 * redirects are not followed (they would carry the header elsewhere), and pagination follows {@code next} links on
 * this connection's own scheme, host and port only. Nothing here logs.
 */
public final class NetBoxClient {

    /** NetBox's largest page (MAX_PAGE_SIZE's default). */
    public static final int PAGE_SIZE = 1000;

    /** How many claim UIDs one look-up asks for (the query string grows with each). */
    static final int UIDS_PER_QUERY = 50;

    private static final Pattern FIELD_NAME = Pattern.compile("[a-z0-9_]{1,50}");
    private static final Pattern SLUG = Pattern.compile("[-a-zA-Z0-9_]{1,100}");
    private static final String ADDRESS_TYPE = "ipam.ipaddress";

    /**
     * Which NetBox objects are ours: the tag every address we allocate carries (the leak audit lists by it) and the
     * text custom field on IP addresses holding the claim's UID (NetBox keeps it unique).
     */
    public record Ownership(String tag, String claimUidField) {
        public Ownership {
            if (tag == null || !SLUG.matcher(tag).matches()) {
                throw new IllegalArgumentException(
                        "the ownership tag must be a NetBox slug (letters, digits, - and _):" + " not " + tag);
            }
            if (claimUidField == null || !FIELD_NAME.matcher(claimUidField).matches()) {
                throw new IllegalArgumentException("the claim-UID field must be a NetBox custom field name (lower-case"
                        + " letters, digits and _): not " + claimUidField);
            }
        }
    }

    /** Who the token is and which NetBox answered. */
    public record Identity(String user, String netboxVersion) {}

    /** What {@link #ensureClaimUidField()} and {@link #ensureOwnershipTag()} found. */
    public enum SetupState {
        /** there already, as needed */
        PRESENT,
        /** made now */
        CREATED,
        /** there, corrected now (made unique, exact, or assigned to IP addresses) */
        UPDATED
    }

    /** An address for a claim, and whether NetBox held it already (a retry, another replica, a restart). */
    public record Claimed(NetBoxAddress address, boolean existed) {}

    private final NetBoxConnection connection;
    private final Ownership ownership;
    private final Duration requestTimeout;
    private final int pageSize;
    private final HttpClient http;
    private final String netbox;

    /**
     * A client of {@code connection}, marking addresses by {@code ownership}.
     *
     * @param requestTimeout how long one request may take (NetBox serialises allocations: a batch of hundreds takes
     *     seconds)
     * @throws IllegalArgumentException when the CA bundle holds no certificate or cannot be read
     */
    public NetBoxClient(NetBoxConnection connection, Ownership ownership, Duration requestTimeout) {
        this(connection, ownership, requestTimeout, PAGE_SIZE);
    }

    /** With another page size than NetBox's largest (the tests read many pages of few addresses). */
    NetBoxClient(NetBoxConnection connection, Ownership ownership, Duration requestTimeout, int pageSize) {
        if (pageSize < 1 || pageSize > PAGE_SIZE) {
            throw new IllegalArgumentException("page size " + pageSize);
        }
        this.pageSize = pageSize;
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.netbox = connection.url().toString();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        connection.caBundlePem().ifPresent(pem -> builder.sslContext(sslContext(pem)));
        this.http = builder.build();
    }

    public NetBoxClient(NetBoxConnection connection, Ownership ownership) {
        this(connection, ownership, Duration.ofSeconds(60));
    }

    public NetBoxConnection connection() {
        return connection;
    }

    public Ownership ownership() {
        return ownership;
    }

    /** An SSL context trusting exactly the certificates of a PEM bundle. */
    static SSLContext sslContext(String pem) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the NetBox CA bundle holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "the NetBox CA bundle cannot be read as PEM certificates: " + e.getMessage());
        }
    }

    // --- connection ----------------------------------------------------------------------------------------------

    /** NetBox answers and accepts the token: who the token is, and NetBox's version. */
    public Identity check() throws NetBoxException {
        String operation = "check the token (GET api/authentication-check/)";
        Answer answer = send("GET", "api/authentication-check/", null, operation);
        JsonNode user = expect(answer, 200, operation, null, List.of());
        return new Identity(
                user.path("username").asText("?"),
                answer.headers().firstValue("API-Version").orElse("?"));
    }

    // --- prefixes ------------------------------------------------------------------------------------------------

    /**
     * The prefix with this CIDR in this VRF (by name), or in the global table when {@code vrf} is empty.
     *
     * @throws NetBoxException {@link NetBoxProblem.PrefixNotFound} when there is none (or the VRF is unknown)
     */
    public NetBoxPrefix findPrefix(String cidr, Optional<String> vrf) throws NetBoxException {
        String described = cidr + vrf.map(v -> " (VRF " + v + ")").orElse("");
        String vrfFilter;
        if (vrf.isPresent()) {
            String operation = "find VRF " + vrf.get();
            JsonNode vrfs = expect(
                    send("GET", "api/ipam/vrfs/?name=" + encode(vrf.get()) + "&limit=2", null, operation),
                    200,
                    operation,
                    null,
                    List.of());
            List<JsonNode> named = new ArrayList<>();
            vrfs.path("results").forEach(v -> {
                if (v.path("name").asText().equals(vrf.get())) {
                    named.add(v);
                }
            });
            if (named.size() != 1) {
                throw new NetBoxException(new NetBoxProblem.PrefixNotFound(
                        netbox, described + (named.isEmpty() ? ": no such VRF" : ": more than one VRF of that name")));
            }
            vrfFilter = "&vrf_id=" + named.get(0).path("id").asLong();
        } else {
            vrfFilter = "&vrf_id=null";
        }
        String operation = "find prefix " + described;
        JsonNode page = expect(
                send("GET", "api/ipam/prefixes/?prefix=" + encode(cidr) + vrfFilter + "&limit=2", null, operation),
                200,
                operation,
                null,
                List.of());
        List<NetBoxPrefix> found = new ArrayList<>();
        for (JsonNode node : page.path("results")) {
            NetBoxPrefix prefix = NetBoxAnswers.prefix(node);
            // the filters are checked here as well: a filter NetBox does not know is ignored, not refused
            boolean sameVrf = vrf.isPresent()
                    ? prefix.vrfName().equals(vrf)
                    : prefix.vrfId().isEmpty();
            if (sameCidr(prefix.prefix(), cidr) && sameVrf) {
                found.add(prefix);
            }
        }
        if (found.size() != 1) {
            throw new NetBoxException(new NetBoxProblem.PrefixNotFound(
                    netbox, described + (found.isEmpty() ? "" : ": more than one prefix matches; give its id")));
        }
        return found.get(0);
    }

    private static boolean sameCidr(String a, String b) {
        return a.trim().equalsIgnoreCase(b.trim());
    }

    /** The prefix with this id. */
    public NetBoxPrefix prefix(long id) throws NetBoxException {
        String operation = "read prefix id " + id;
        Answer answer = send("GET", "api/ipam/prefixes/" + id + "/", null, operation);
        if (answer.status() == 404) {
            throw new NetBoxException(new NetBoxProblem.PrefixNotFound(netbox, "id " + id));
        }
        return NetBoxAnswers.prefix(expect(answer, 200, operation, null, List.of()));
    }

    // --- setup ---------------------------------------------------------------------------------------------------

    /**
     * The claim-UID custom field exists on IP addresses, as text, unique and filtered exactly; made or corrected when
     * the token may.
     *
     * @throws NetBoxException {@link NetBoxProblem.SetupMissing} saying what to create or change when the token may
     *     not
     */
    public SetupState ensureClaimUidField() throws NetBoxException {
        String name = ownership.claimUidField();
        String fix = "create it in NetBox (Customization > Custom Fields): type Text, object type IPAM > IP Address,"
                + " name " + name + ", Must be unique, Filter logic Exact; or give the token's user permission to"
                + " add and change custom fields";
        JsonNode field = customField(name).orElse(null);
        if (field == null) {
            ObjectNode body = NetBoxAnswers.JSON.createObjectNode();
            body.put("name", name);
            body.put("label", "Claim UID (ipam-operator)");
            body.put("type", "text");
            body.putArray("object_types").add(ADDRESS_TYPE);
            body.put("unique", true);
            body.put("filter_logic", "exact");
            body.put("ui_editable", "no");
            body.put(
                    "description",
                    "UID of the IPAddressClaim this address was allocated for; set by ipam-operator,"
                            + " kept unique so that a claim gets one address");
            String create = "create custom field " + name;
            Answer created = send("POST", "api/extras/custom-fields/", body, create);
            if (created.status() == 201) {
                return SetupState.CREATED;
            }
            if (created.status() == 403 && !isAuthFailure(created)) {
                throw new NetBoxException(new NetBoxProblem.SetupMissing(
                        netbox,
                        "the custom field " + name + " is missing on IP addresses and the token may not create" + " it",
                        fix));
            }
            if (created.status() == 400) { // made by another replica meanwhile: check what is there
                return ensureClaimUidFieldExists(name, fix);
            }
            throw new NetBoxException(problem(created, create, null, List.of()));
        }
        return correctField(field, fix);
    }

    /** The custom field of exactly that name (NetBox's name filter is not exact for every version). */
    private Optional<JsonNode> customField(String name) throws NetBoxException {
        String operation = "read custom field " + name;
        JsonNode page = expect(
                send("GET", "api/extras/custom-fields/?name=" + encode(name), null, operation),
                200,
                operation,
                null,
                List.of());
        for (JsonNode node : page.path("results")) {
            if (node.path("name").asText().equals(name)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    private SetupState ensureClaimUidFieldExists(String name, String fix) throws NetBoxException {
        Optional<JsonNode> field = customField(name);
        if (field.isPresent()) {
            SetupState state = correctField(field.get(), fix);
            return state == SetupState.PRESENT ? SetupState.CREATED : state;
        }
        throw new NetBoxException(
                new NetBoxProblem.SetupMissing(netbox, "the custom field " + name + " could not be created", fix));
    }

    private SetupState correctField(JsonNode field, String fix) throws NetBoxException {
        String name = ownership.claimUidField();
        String type = NetBoxAnswers.choiceValue(field.path("type"));
        if (!type.equals("text")) {
            throw new NetBoxException(new NetBoxProblem.SetupMissing(
                    netbox,
                    "the custom field " + name + " is of type " + type + ", not text",
                    "name another claim-UID field in the pool, or replace this one by a text field"));
        }
        String status = NetBoxAnswers.choiceValue(field.path("status"));
        if (!status.isEmpty() && !status.equals("active")) {
            throw new NetBoxException(new NetBoxProblem.SetupMissing(
                    netbox,
                    "the custom field " + name + " is " + status + ", not active",
                    "wait until NetBox's background job has finished with it (NetBox's worker must run)"));
        }
        Set<String> types = new LinkedHashSet<>();
        field.path("object_types").forEach(t -> types.add(t.asText()));
        boolean unique = field.path("unique").asBoolean(false);
        boolean exact = NetBoxAnswers.choiceValue(field.path("filter_logic")).equals("exact");
        if (unique && exact && types.contains(ADDRESS_TYPE)) {
            return SetupState.PRESENT;
        }
        types.add(ADDRESS_TYPE);
        ObjectNode patch = NetBoxAnswers.JSON.createObjectNode();
        ArrayNode objectTypes = patch.putArray("object_types");
        types.forEach(objectTypes::add);
        patch.put("unique", true);
        patch.put("filter_logic", "exact");
        String operation = "correct custom field " + name;
        Answer answer =
                send("PATCH", "api/extras/custom-fields/" + field.path("id").asLong() + "/", patch, operation);
        if (answer.status() == 200) {
            return SetupState.UPDATED;
        }
        if (answer.status() == 403 && !isAuthFailure(answer)) {
            List<String> wrong = new ArrayList<>();
            if (!unique) {
                wrong.add("not unique");
            }
            if (!exact) {
                wrong.add("not filtered exactly");
            }
            if (!field.path("object_types").toString().contains(ADDRESS_TYPE)) {
                wrong.add("not on IP addresses");
            }
            throw new NetBoxException(new NetBoxProblem.SetupMissing(
                    netbox,
                    "the custom field " + name + " is " + String.join(", ", wrong) + " and the token may not change it",
                    fix));
        }
        throw new NetBoxException(problem(answer, operation, null, List.of()));
    }

    /** The ownership tag exists and may be set on IP addresses; made when the token may. */
    public SetupState ensureOwnershipTag() throws NetBoxException {
        String slug = ownership.tag();
        String operation = "read tag " + slug;
        JsonNode page = expect(
                send("GET", "api/extras/tags/?slug=" + encode(slug), null, operation), 200, operation, null, List.of());
        for (JsonNode node : page.path("results")) {
            if (node.path("slug").asText().equals(slug)) {
                JsonNode types = node.path("object_types");
                if (types.isArray() && types.size() > 0 && !types.toString().contains("\"" + ADDRESS_TYPE + "\"")) {
                    throw new NetBoxException(new NetBoxProblem.SetupMissing(
                            netbox,
                            "the tag " + slug + " is limited to other object types than IP addresses",
                            "add IPAM > IP Address to the tag's object types in NetBox, or name another tag"));
                }
                return SetupState.PRESENT;
            }
        }
        ObjectNode body = NetBoxAnswers.JSON.createObjectNode();
        body.put("name", slug);
        body.put("slug", slug);
        body.put("description", "addresses allocated by ipam-operator (the leak audit lists them by this tag)");
        String create = "create tag " + slug;
        Answer created = send("POST", "api/extras/tags/", body, create);
        if (created.status() == 201) {
            return SetupState.CREATED;
        }
        if (created.status() == 400) { // made by another replica meanwhile
            JsonNode again = expect(
                    send("GET", "api/extras/tags/?slug=" + encode(slug), null, operation),
                    200,
                    operation,
                    null,
                    List.of());
            if (again.path("count").asInt() > 0) {
                return SetupState.CREATED;
            }
        }
        if (created.status() == 403 && !isAuthFailure(created)) {
            throw new NetBoxException(new NetBoxProblem.SetupMissing(
                    netbox,
                    "the tag " + slug + " is missing and the token may not create it",
                    "create the tag in NetBox (Customization > Tags, slug " + slug + "), or give the token's user"
                            + " permission to add tags"));
        }
        throw new NetBoxException(problem(created, create, null, List.of()));
    }

    // --- addresses -----------------------------------------------------------------------------------------------

    /** The claim's address, if NetBox holds one (looked up by the claim-UID custom field, exactly). */
    public Optional<NetBoxAddress> findByClaimUid(String claimUid) throws NetBoxException {
        return Optional.ofNullable(findByClaimUids(List.of(claimUid)).get(claimUid));
    }

    /**
     * The addresses NetBox holds for these claims, by claim UID (claims without one are absent from the map).
     *
     * @throws NetBoxException {@link NetBoxProblem.SetupMissing} when NetBox ignored the filter (the field is
     *     missing, or not exact); {@link NetBoxProblem.Ambiguous} when one UID has several addresses
     */
    public Map<String, NetBoxAddress> findByClaimUids(Collection<String> claimUids) throws NetBoxException {
        String field = ownership.claimUidField();
        List<String> uids = new ArrayList<>(new LinkedHashSet<>(claimUids));
        Map<String, List<NetBoxAddress>> found = new LinkedHashMap<>();
        for (int from = 0; from < uids.size(); from += UIDS_PER_QUERY) {
            List<String> chunk = uids.subList(from, Math.min(uids.size(), from + UIDS_PER_QUERY));
            StringBuilder query = new StringBuilder("api/ipam/ip-addresses/?limit=" + pageSize);
            for (String uid : chunk) {
                query.append("&cf_").append(field).append('=').append(encode(uid));
            }
            Set<String> asked = new HashSet<>(chunk);
            for (NetBoxAddress address : pages(query.toString(), "find addresses by " + field)) {
                Optional<String> uid = address.customField(field);
                if (uid.isEmpty() || !asked.contains(uid.get())) {
                    throw new NetBoxException(new NetBoxProblem.SetupMissing(
                            netbox,
                            "NetBox ignored the filter on the custom field " + field + " (it answered address "
                                    + address.address() + " [id " + address.id() + "], which carries another value):"
                                    + " the field is missing on IP addresses or does not filter exactly",
                            "let the operator create the field (the token needs permission to add custom fields), or"
                                    + " create it as a unique text field with Filter logic Exact"));
                }
                found.computeIfAbsent(uid.get(), k -> new ArrayList<>()).add(address);
            }
        }
        Map<String, NetBoxAddress> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<NetBoxAddress>> entry : found.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw new NetBoxException(new NetBoxProblem.Ambiguous(
                        netbox,
                        field,
                        entry.getKey(),
                        entry.getValue().stream().map(NetBoxAddress::id).toList()));
            }
            result.put(entry.getKey(), entry.getValue().get(0));
        }
        return result;
    }

    /** The address with this id, if it exists. */
    public Optional<NetBoxAddress> address(long id) throws NetBoxException {
        String operation = "read address id " + id;
        Answer answer = send("GET", "api/ipam/ip-addresses/" + id + "/", null, operation);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(NetBoxAnswers.address(expect(answer, 200, operation, null, List.of())));
    }

    /**
     * Allocates one address from {@code prefix} for a claim (NetBox chooses the first free one).
     *
     * @throws NetBoxException {@link NetBoxProblem.Exhausted} when the prefix is full, {@link
     *     NetBoxProblem.AlreadyAllocated} when NetBox holds an address for this claim UID already, {@link
     *     NetBoxProblem.PrefixNotFound} when the prefix is gone
     */
    public NetBoxAddress allocate(NetBoxPrefix prefix, AddressRequest request) throws NetBoxException {
        String operation = "allocate an address from prefix " + prefix.describe();
        Answer answer = send("POST", availableIps(prefix), entry(request), operation);
        JsonNode created = expect(answer, 201, operation, prefix, List.of(request.claimUid()));
        return NetBoxAnswers.address(created.isArray() ? created.get(0) : created);
    }

    /**
     * Allocates one address from {@code prefix} for each request, in one request to NetBox: all of them, or none
     * (NetBox saves a batch in one transaction). The result is in the order of {@code requests}.
     *
     * @throws IllegalArgumentException when a claim UID appears twice (NetBox would not catch it within a batch)
     * @throws NetBoxException {@link NetBoxProblem.Exhausted} when the prefix has fewer free addresses than requests,
     *     {@link NetBoxProblem.AlreadyAllocated} naming the claims NetBox holds an address for already
     */
    public List<NetBoxAddress> allocate(NetBoxPrefix prefix, List<AddressRequest> requests) throws NetBoxException {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<String> uids = requests.stream().map(AddressRequest::claimUid).toList();
        if (new HashSet<>(uids).size() != uids.size()) {
            throw new IllegalArgumentException("a batch names a claim UID twice; NetBox would allocate twice for it");
        }
        ArrayNode body = NetBoxAnswers.JSON.createArrayNode();
        requests.forEach(r -> body.add(entry(r)));
        String operation = "allocate " + requests.size() + " addresses from prefix " + prefix.describe();
        JsonNode created = expect(send("POST", availableIps(prefix), body, operation), 201, operation, prefix, uids);
        Map<String, NetBoxAddress> byUid = new LinkedHashMap<>();
        for (JsonNode node : created) {
            NetBoxAddress address = NetBoxAnswers.address(node);
            address.customField(ownership.claimUidField()).ifPresent(uid -> byUid.put(uid, address));
        }
        List<NetBoxAddress> result = new ArrayList<>();
        for (String uid : uids) {
            NetBoxAddress address = byUid.get(uid);
            if (address == null) {
                throw new NetBoxException(new NetBoxProblem.Refused(
                        netbox, operation, 201, "the answer lacks the address for claim UID " + uid));
            }
            result.add(address);
        }
        return result;
    }

    /**
     * The claim's address: the one NetBox holds already (a retry, another replica, an answer lost in a crash), else
     * one allocated now from {@code prefix}. Safe to call concurrently for the same claim: NetBox allocates at most
     * one.
     */
    public Claimed findOrAllocate(NetBoxPrefix prefix, AddressRequest request) throws NetBoxException {
        Optional<NetBoxAddress> existing = findByClaimUid(request.claimUid());
        if (existing.isPresent()) {
            return new Claimed(existing.get(), true);
        }
        try {
            return new Claimed(allocate(prefix, request), false);
        } catch (NetBoxException e) {
            if (!(e.problem() instanceof NetBoxProblem.AlreadyAllocated)) {
                throw e;
            }
            Optional<NetBoxAddress> winner = findByClaimUid(request.claimUid());
            if (winner.isEmpty()) {
                throw e; // allocated and released again in between: the caller's next round decides
            }
            return new Claimed(winner.get(), true);
        }
    }

    /**
     * Deletes the address with this id: {@code true} when deleted now, {@code false} when it was gone already (deleted
     * by hand, or by an earlier release whose answer was lost), which counts as released.
     */
    public boolean release(long addressId) throws NetBoxException {
        String operation = "delete address id " + addressId;
        Answer answer = send("DELETE", "api/ipam/ip-addresses/" + addressId + "/", null, operation);
        if (answer.status() == 204 || answer.status() == 200) {
            return true;
        }
        if (answer.status() == 404) {
            return false;
        }
        throw new NetBoxException(problem(answer, operation, null, List.of()));
    }

    /**
     * Every address carrying the ownership tag (for the leak audit), read page by page ({@value #PAGE_SIZE} a page).
     * Empty when the tag does not exist.
     */
    public List<NetBoxAddress> listOwned() throws NetBoxException {
        String slug = ownership.tag();
        String operation = "read tag " + slug;
        JsonNode tags = expect(
                send("GET", "api/extras/tags/?slug=" + encode(slug), null, operation), 200, operation, null, List.of());
        if (tags.path("count").asInt() == 0) {
            return List.of();
        }
        List<NetBoxAddress> owned = new ArrayList<>();
        for (NetBoxAddress address :
                pages("api/ipam/ip-addresses/?tag=" + encode(slug) + "&limit=" + pageSize, "list addresses")) {
            if (address.tags().contains(slug)) { // a filter NetBox ignored must not make others' addresses ours
                owned.add(address);
            }
        }
        return owned;
    }

    // --- HTTP ----------------------------------------------------------------------------------------------------

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {}

    private List<NetBoxAddress> pages(String first, String operation) throws NetBoxException {
        List<NetBoxAddress> addresses = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            JsonNode page = expect(send("GET", next, null, operation), 200, operation, null, List.of());
            page.path("results").forEach(node -> addresses.add(NetBoxAnswers.address(node)));
            String link = page.path("next").isTextual() ? page.path("next").asText() : null;
            next = link == null ? null : ownPath(link);
            if (++pages > 100_000) {
                throw new NetBoxException(new NetBoxProblem.Refused(netbox, operation, 200, "pagination does not end"));
            }
        }
        return addresses;
    }

    /**
     * The path and query of a {@code next} link, relative to this connection's base URL: followed on our own scheme,
     * host and port whatever NetBox wrote (behind a proxy it may write http:// or an inner host name).
     */
    String ownPath(String link) {
        URI uri = URI.create(link);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String base = connection.url().getRawPath();
        String relative = path.startsWith(base) ? path.substring(base.length()) : path.replaceFirst("^/", "");
        return relative + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private String availableIps(NetBoxPrefix prefix) {
        return "api/ipam/prefixes/" + prefix.id() + "/available-ips/";
    }

    private ObjectNode entry(AddressRequest request) {
        ObjectNode entry = NetBoxAnswers.JSON.createObjectNode();
        entry.put("status", request.status());
        request.tenant().ifPresent(t -> entry.putObject("tenant").put("slug", t));
        request.dnsName().ifPresent(d -> entry.put("dns_name", d));
        request.description().ifPresent(d -> entry.put("description", d));
        ArrayNode tags = entry.putArray("tags");
        Set<String> slugs = new LinkedHashSet<>();
        slugs.add(ownership.tag());
        slugs.addAll(request.tags());
        slugs.forEach(s -> tags.addObject().put("slug", s));
        ObjectNode fields = entry.putObject("custom_fields");
        request.customFields().forEach((k, v) -> fields.set(k, NetBoxAnswers.JSON.valueToTree(v)));
        fields.put(ownership.claimUidField(), request.claimUid());
        return entry;
    }

    private JsonNode expect(Answer answer, int status, String operation, NetBoxPrefix prefix, List<String> uids)
            throws NetBoxException {
        if (answer.status() != status) {
            throw new NetBoxException(problem(answer, operation, prefix, uids));
        }
        return NetBoxAnswers.parse(answer.body())
                .orElseThrow(() -> new NetBoxException(new NetBoxProblem.Refused(
                        netbox, operation, answer.status(), "not JSON: " + NetBoxAnswers.excerpt(answer.body()))));
    }

    private NetBoxProblem problem(Answer answer, String operation, NetBoxPrefix prefix, List<String> uids) {
        return NetBoxAnswers.problem(
                netbox, operation, prefix, uids, ownership.claimUidField(), answer.status(), answer.body());
    }

    private static boolean isAuthFailure(Answer answer) {
        return NetBoxAnswers.isAuthenticationFailure(NetBoxAnswers.detail(answer.body()));
    }

    private Answer send(String method, String path, JsonNode body, String operation) throws NetBoxException {
        HttpRequest.Builder request = HttpRequest.newBuilder(connection.url().resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", connection.authorization())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), connection.redact(response.body()), response.headers());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(operation, "no connection within 10 s");
        } catch (HttpTimeoutException e) {
            throw unreachable(operation, "no answer within " + requestTimeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable(operation, "connection refused");
        } catch (SSLException e) {
            throw unreachable(operation, "TLS failed: " + connection.redact(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw unreachable(
                    operation,
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + connection.redact(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(operation, "interrupted");
        }
    }

    private NetBoxException unreachable(String operation, String cause) {
        return new NetBoxException(new NetBoxProblem.Unreachable(netbox, operation, cause));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "NetBoxClient(" + connection + ", tag " + ownership.tag() + ", field " + ownership.claimUidField() + ")";
    }
}
