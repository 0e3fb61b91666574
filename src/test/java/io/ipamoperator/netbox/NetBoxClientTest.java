package io.ipamoperator.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own logic against canned answers from an in-process HTTP stub (not NetBox: the real one is in {@code
 * NetBoxClientNetBoxTest}): the header it sends, the guard against an ignored filter, pagination links rewritten to
 * our own host, batches refusing a UID twice, the token kept out of messages, a closed port.
 */
class NetBoxClientTest {

    private static final String TOKEN = "nbt_k3yk3yk3yk3y.s3cr3tS3cr3tS3cr3tS3cr3tS3cr3t";
    private static final NetBoxClient.Ownership OWNERSHIP =
            new NetBoxClient.Ownership("ipam-operator", "ipam_claim_uid");
    private static final NetBoxPrefix PREFIX =
            new NetBoxPrefix(7, "10.0.0.0/24", Optional.empty(), Optional.empty(), "active");

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> authorization = new ConcurrentHashMap<>();

    private NetBoxClient stub(Function<String, String[]> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, answers));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/nb";
        return new NetBoxClient(NetBoxConnection.of(url, TOKEN, null), OWNERSHIP);
    }

    private void answer(HttpExchange exchange, Function<String, String[]> answers) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(request);
        authorization.put(request, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String[] answer = answers.apply(request); // {status, body}
        byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String address(long id, String ip, String uid) {
        return "{\"id\": " + id + ", \"address\": \"" + ip + "/24\", \"status\": {\"value\": \"active\"},"
                + " \"tags\": [{\"slug\": \"ipam-operator\"}], \"custom_fields\": {\"ipam_claim_uid\": "
                + (uid == null ? "null" : "\"" + uid + "\"") + "}}";
    }

    @Test
    void theTokenGoesOnlyIntoTheAuthorizationHeaderAsBearer() throws Exception {
        NetBoxClient client = stub(r -> new String[] {"200", "{\"username\": \"admin\"}"});
        assertThat(client.check().user()).isEqualTo("admin");
        assertThat(requests).containsExactly("GET /nb/api/authentication-check/");
        assertThat(authorization.get(requests.get(0))).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void anIgnoredCustomFieldFilterIsDetectedNotTakenForAMatch() throws Exception {
        // NetBox ignores a filter on an unknown custom field: it answers with every address
        NetBoxClient client = stub(r -> new String[] {
            "200",
            "{\"count\": 2, \"next\": null, \"results\": [" + address(1, "10.0.0.1", null) + ", "
                    + address(2, "10.0.0.2", "someone-else") + "]}"
        });
        assertThatThrownBy(() -> client.findByClaimUid("uid-1"))
                .isInstanceOfSatisfying(
                        NetBoxException.class,
                        e -> assertThat(e.problem()).isInstanceOf(NetBoxProblem.SetupMissing.class))
                .hasMessageContaining("ignored the filter on the custom field ipam_claim_uid");
        assertThat(requests.get(0)).contains("cf_ipam_claim_uid=uid-1");
    }

    @Test
    void twoAddressesForOneClaimAreAmbiguous() throws Exception {
        NetBoxClient client = stub(r -> new String[] {
            "200",
            "{\"count\": 2, \"next\": null, \"results\": [" + address(1, "10.0.0.1", "u") + ", "
                    + address(2, "10.0.0.2", "u") + "]}"
        });
        assertThatThrownBy(() -> client.findByClaimUid("u"))
                .isInstanceOfSatisfying(
                        NetBoxException.class,
                        e -> assertThat(e.problem())
                                .isEqualTo(new NetBoxProblem.Ambiguous(
                                        client.connection().url().toString(), "ipam_claim_uid", "u", List.of(1L, 2L))));
    }

    @Test
    void pagesAreFollowedOnOurOwnHostWhateverNetBoxWritesInNext() throws Exception {
        NetBoxClient client = stub(r -> {
            if (r.startsWith("GET /nb/api/extras/tags/")) {
                return new String[] {"200", "{\"count\": 1, \"results\": [{\"slug\": \"ipam-operator\"}]}"};
            }
            if (r.contains("offset=1")) {
                return new String[] {
                    "200", "{\"count\": 2, \"next\": null, \"results\": [" + address(2, "10.0.0.2", "b") + "]}"
                };
            }
            // behind a proxy NetBox may write another scheme and host; the link must not leave our connection
            return new String[] {
                "200",
                "{\"count\": 2, \"next\": \"http://inner-host:8080/nb/api/ipam/ip-addresses/?limit=1&offset=1"
                        + "&tag=ipam-operator\", \"results\": [" + address(1, "10.0.0.1", "a") + "]}"
            };
        });
        assertThat(client.listOwned()).extracting(NetBoxAddress::id).containsExactly(1L, 2L);
        assertThat(requests).last().isEqualTo("GET /nb/api/ipam/ip-addresses/?limit=1&offset=1&tag=ipam-operator");
    }

    @Test
    void aBatchNamingAClaimTwiceIsRefusedBeforeAnyRequest() throws Exception {
        NetBoxClient client = stub(r -> new String[] {"500", ""});
        assertThatThrownBy(() ->
                        client.allocate(PREFIX, List.of(AddressRequest.forClaim("a"), AddressRequest.forClaim("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThat(requests).isEmpty();
    }

    @Test
    void anAllocationSendsStatusTenantDnsTagsAndTheClaimUid() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("[" + address(5, "10.0.0.5", "u1") + "]").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        NetBoxClient client = new NetBoxClient(
                NetBoxConnection.of("http://127.0.0.1:" + server.getAddress().getPort(), TOKEN, null), OWNERSHIP);
        NetBoxAddress address = client.allocate(
                PREFIX,
                AddressRequest.forClaim("u1")
                        .withStatus("reserved")
                        .withTenant("team-a")
                        .withDnsName("m1.example")
                        .withTags(List.of("extra", "ipam-operator"))
                        .withCustomFields(Map.of("rack", 4)));
        assertThat(address.id()).isEqualTo(5);
        assertThat(NetBoxAnswers.JSON.readTree(bodies.get(0)))
                .isEqualTo(NetBoxAnswers.JSON.readTree("{\"status\": \"reserved\", \"tenant\": {\"slug\":"
                        + " \"team-a\"}, \"dns_name\": \"m1.example\", \"tags\": [{\"slug\": \"ipam-operator\"},"
                        + " {\"slug\": \"extra\"}], \"custom_fields\": {\"rack\": 4, \"ipam_claim_uid\": \"u1\"}}"));
    }

    @Test
    void aTokenEchoedByTheServerIsRedactedFromTheMessage() throws Exception {
        NetBoxClient client = stub(r -> new String[] {"400", "{\"detail\": \"bad header Bearer " + TOKEN + "\"}"});
        assertThatThrownBy(client::check)
                .isInstanceOf(NetBoxException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void releaseCountsAGoneAddressAsReleased() throws Exception {
        NetBoxClient client = stub(r -> r.contains("/41/")
                ? new String[] {"204", ""}
                : new String[] {"404", "{\"detail\": \"No IPAddress matches the given query.\"}"});
        assertThat(client.release(41)).isTrue();
        assertThat(client.release(42)).isFalse();
    }

    @Test
    void aClosedPortIsUnreachableAndRetryable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        NetBoxClient client = new NetBoxClient(NetBoxConnection.of("http://127.0.0.1:" + port, TOKEN, null), OWNERSHIP);
        assertThatThrownBy(client::check)
                .isInstanceOfSatisfying(NetBoxException.class, e -> {
                    assertThat(e.problem()).isInstanceOf(NetBoxProblem.Unreachable.class);
                    assertThat(e.problem().retryable()).isTrue();
                })
                .hasMessageContaining("unreachable")
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("s3cr3t");
    }
}
