package io.ipamoperator.bench.netbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipamoperator.netbox.AddressRequest;
import io.ipamoperator.netbox.NetBoxAddress;
import io.ipamoperator.netbox.NetBoxClient;
import io.ipamoperator.netbox.NetBoxConnection;
import io.ipamoperator.netbox.NetBoxPrefix;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NetBox client alone against a real NetBox (bench/netbox.sh starts one): N addresses allocated one request
 * each (sequentially, and from several threads at once), then in batches of several sizes. Each mode gets a prefix
 * of its own ({@code /21}: 2046 addresses), so every mode starts from an empty prefix. Prints a Markdown table.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.ipamoperator.bench.netbox.NetBoxAllocationBench URL TOKEN [N]</pre>
 */
public final class NetBoxAllocationBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PREFIXES = new AtomicInteger(100);

    private NetBoxAllocationBench() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        NetBoxClient client = new NetBoxClient(
                NetBoxConnection.of(url, token, null),
                new NetBoxClient.Ownership("ipam-bench", "ipam_claim_uid"),
                Duration.ofMinutes(10));
        client.ensureClaimUidField();
        client.ensureOwnershipTag();
        System.out.println("NetBox " + client.check().netboxVersion() + " at " + url + ", " + n
                + " addresses per mode");
        System.out.println();
        System.out.println("| mode | requests | wall clock (s) | addresses/s | per request p50 (ms) | p99 (ms) | max (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        one(client, url, token, n, 1);
        one(client, url, token, n, 8);
        for (int size : new int[] {10, 50, 100, 250, 1000}) {
            if (size <= n) {
                batches(client, url, token, n, size);
            }
        }
    }

    /** {@code n} single allocations from {@code threads} threads. */
    private static void one(NetBoxClient client, String url, String token, int n, int threads) throws Exception {
        NetBoxPrefix prefix = client.prefix(newPrefix(url, token));
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Set<String> addresses = Collections.synchronizedSet(new HashSet<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger left = new AtomicInteger(n);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    NetBoxAddress a = client.allocate(prefix, AddressRequest.forClaim(UUID.randomUUID().toString()));
                    latencies.add(System.nanoTime() - t0);
                    addresses.add(a.address());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        check(addresses.size(), n);
        row("one address per request, " + threads + (threads == 1 ? " thread" : " threads"), latencies, wall, n);
    }

    /** {@code n} allocations in batches of {@code size}, one after the other. */
    private static void batches(NetBoxClient client, String url, String token, int n, int size) throws Exception {
        NetBoxPrefix prefix = client.prefix(newPrefix(url, token));
        List<Long> latencies = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        long start = System.nanoTime();
        for (int from = 0; from < n; from += size) {
            List<AddressRequest> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + size); i++) {
                batch.add(AddressRequest.forClaim(UUID.randomUUID().toString()));
            }
            long t0 = System.nanoTime();
            client.allocate(prefix, batch).forEach(a -> addresses.add(a.address()));
            latencies.add(System.nanoTime() - t0);
        }
        long wall = System.nanoTime() - start;
        check(addresses.size(), n);
        row("batches of " + size, latencies, wall, n);
    }

    private static void check(int distinct, int n) {
        if (distinct != n) {
            throw new IllegalStateException(distinct + " distinct addresses for " + n + " allocations");
        }
    }

    private static void row(String mode, List<Long> latencies, long wallNanos, int n) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double wall = wallNanos / 1e9;
        System.out.printf(
                "| %s | %d | %.1f | %.1f | %.0f | %.0f | %.0f |%n",
                mode,
                sorted.size(),
                wall,
                n / wall,
                ms(sorted.get(sorted.size() / 2)),
                ms(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1))),
                ms(sorted.get(sorted.size() - 1)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A new /21 in the global table (bench only: the operator never creates prefixes). */
    private static long newPrefix(String url, String token) throws Exception {
        String cidr = "10." + PREFIXES.incrementAndGet() + ".0.0/21";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url.replaceAll("/$", "") + "/api/ipam/prefixes/"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"prefix\": \"" + cidr + "\", \"status\": \"active\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating " + cidr + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return JSON.readTree(response.body()).path("id").asLong();
    }
}
