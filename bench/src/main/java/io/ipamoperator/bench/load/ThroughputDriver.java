package io.ipamoperator.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipamoperator.bench.load.LoadClient.Claim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The throughput load driver (issue #13): one run against the test control plane measures the raw floor (a client
 * doing by hand the writes a bind needs, no operator), then the packaged operator through a claim burst, the delete
 * burst, the same burst over three pools in two namespaces, and the burst with many addresses already held, and
 * checks after each that no address is held twice and nothing leaked. Run by {@code bench/throughput.sh}; see
 * bench/RESULTS.md for what it prints.
 */
public final class ThroughputDriver {

    private static final Duration BURST_TIMEOUT = Duration.ofMinutes(15);

    private final Options options;
    private final Path repository;
    private final Path work;
    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private ControlPlane plane;
    private LoadClient client;
    private OperatorUnderTest operator;
    private Path operatorKubeconfig;

    private ThroughputDriver(Options options, Path repository, Path work) {
        this.options = options;
        this.repository = repository;
        this.work = work;
    }

    /** The run's settings, from {@code --name value} arguments. */
    record Options(
            int claims,
            int held,
            int addresses,
            int concurrency,
            List<String> operatorCommand,
            Path jfr,
            Path out,
            String only) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            // the image's entrypoint (pom.xml), in a 512 MiB container (the chart's limit)
            String command = given.getOrDefault("operator", "java -XX:MaxRAM=512m -XX:TieredStopAtLevel=1 "
                    + "-XX:+UseSerialGC -XX:MaxRAMPercentage=65 -XX:MaxNewSize=32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
                    + "-XX:TrimNativeHeapInterval=10000 "
                    + "-XX:+ExitOnOutOfMemoryError "
                    + "-Djava.util.logging.manager=org.jboss.logmanager.LogManager "
                    + "-jar target/quarkus-app/quarkus-run.jar");
            return new Options(
                    Integer.parseInt(given.getOrDefault("claims", "1000")),
                    Integer.parseInt(given.getOrDefault("held", "10000")),
                    Integer.parseInt(given.getOrDefault("addresses", "100000")),
                    Integer.parseInt(given.getOrDefault("concurrency", "16")),
                    List.of(command.trim().split("\\s+")),
                    given.containsKey("jfr") ? Path.of(given.get("jfr")).toAbsolutePath() : null,
                    given.containsKey("out") ? Path.of(given.get("out")).toAbsolutePath() : null,
                    given.getOrDefault("only", "all"));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("ipam-load");
        new ThroughputDriver(options, Path.of("").toAbsolutePath(), work).run();
        System.exit(0);
    }

    private void run() throws Exception {
        facts.put("date", Instant.now().toString());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("claims", options.claims());
        facts.put("held", options.held());
        facts.put("concurrency", options.concurrency());
        facts.put("operator", String.join(" ", options.operatorCommand()));
        log("control plane starting in " + work);
        try (ControlPlane started = ControlPlane.start(repository, work);
                LoadClient loadClient = new LoadClient(started.kubeconfig())) {
            plane = started;
            client = loadClient;
            operatorKubeconfig = started.operatorKubeconfig(repository, work);
            switch (options.only()) {
                case "floor" -> floor();
                case "held" -> withAddressesHeld();
                case "indexed" -> withAddressesIndexed();
                default -> {
                    floor();
                    withOperator();
                    withAddressesHeld();
                }
            }
        } finally {
            if (operator != null) {
                operator.close();
            }
        }
        report();
    }

    /** No operator: the client's creates alone, then the four writes of a bind and of a release, by hand. */
    private void floor() {
        client.namespace("floor");
        String poolUid = client.pool("floor", "floor", "10.0.0.0/8", "10.0.0.1");
        // the driver's own JIT warm-up, so that the floor measures the API server rather than a cold client
        List<Claim> warmUp = claims("floor", "warm", options.claims(), i -> "floor");
        Batch.run(warmUp, options.concurrency(), claim -> client.bindByHand(claim, poolUid,
                address(12, Integer.parseInt(claim.name().substring(4)))));
        Batch.run(warmUp, options.concurrency(), client::releaseByHand);
        awaitGone(warmUp);
        List<Claim> claims = claims("floor", "create", options.claims(), i -> "floor");
        Phase.Usage before = usage();
        Batch<Claim> creates = Batch.run(claims, options.concurrency(), client::create);
        phases.add(Phase.of("floor: creates only", claims.size(), creates.seconds(), latencies(creates),
                creates.seconds(), before, usage()));
        Batch.run(claims, options.concurrency(), client::delete);
        awaitGone(claims);

        List<Claim> bound = claims("floor", "bind", options.claims(), i -> "floor");
        before = usage();
        Batch<Claim> binds = Batch.run(bound, options.concurrency(),
                claim -> client.bindByHand(claim, poolUid, address(10, Integer.parseInt(claim.name().substring(4)))));
        phases.add(Phase.of("floor: bind by hand (4 writes)", bound.size(), binds.seconds(), latencies(binds),
                binds.seconds(), before, usage()));
        before = usage();
        Batch<Claim> releases = Batch.run(bound, options.concurrency(), client::releaseByHand);
        awaitGone(bound);
        phases.add(Phase.of("floor: release by hand (4 writes)", bound.size(), seconds(releases.startNanos()),
                latencies(releases), releases.seconds(), before, usage()));
        client.deletePool("floor", "floor");
    }

    /** The operator on an empty cluster: start-up, the burst, the delete burst, three pools in two namespaces. */
    private void withOperator() throws Exception {
        client.namespace("load-1");
        client.namespace("load-2");
        client.pool("load-1", "load", "10.0.0.0/12", "10.0.0.1");
        startOperator("empty");
        burst("operator: burst", claims("load-1", "b", options.claims(), i -> "load"), true);
        deleteBurst("operator: delete burst", claims("load-1", "b", options.claims(), i -> "load"));

        for (String namespace : List.of("load-1", "load-2")) {
            for (int pool = 0; pool < 3; pool++) {
                client.pool(namespace, "p" + pool, "10." + (16 + pool) + ".0.0/16", "10." + (16 + pool) + ".0.1");
            }
        }
        List<Claim> spread = IntStream.range(0, options.claims())
                .mapToObj(i -> new Claim("load-" + (1 + (i / 3) % 2), "m" + i, "p" + (i % 3)))
                .toList();
        burst("operator: burst, 3 pools x 2 namespaces", spread, false);
        deleteBurst("operator: delete burst, 3 pools x 2 namespaces", spread);
        stopOperator();
    }

    /** Many addresses already held (bound by hand while the operator is down): start-up, then the burst. */
    private void withAddressesHeld() throws Exception {
        client.namespace("load-1");
        String poolUid = client.pool("load-1", "held", "10.0.0.0/8", "10.0.0.1");
        List<Claim> held = claims("load-1", "h", options.held(), i -> "held");
        long start = System.nanoTime();
        Batch.run(IntStream.range(0, held.size()).boxed().toList(), options.concurrency(),
                i -> client.bindByHand(held.get(i), poolUid, address(11, i)));
        log(held.size() + " claims bound by hand in " + seconds(start) + " s");
        startOperator(held.size() + " held");
        List<Claim> claims = claims("load-1", "x", options.claims(), i -> "held");
        burst("operator: burst, " + held.size() + " held", claims, false);
        if (options.jfr() != null) {
            Jfr.histogram(operator, options.jfr().resolveSibling(options.jfr().getFileName() + ".histogram.txt"));
        }
        deleteBurst("operator: delete burst, " + held.size() + " held", claims);
        stopOperator();
    }

    /**
     * Many IPAddresses and no claims (written by the client, the operator down): what the index alone costs — the
     * start-up with its rebuild, and the memory once idle.
     */
    private void withAddressesIndexed() throws Exception {
        client.namespace("load-1");
        String poolUid = client.pool("load-1", "indexed", "10.0.0.0/8", "10.0.0.1");
        long start = System.nanoTime();
        Batch.run(IntStream.range(0, options.addresses()).boxed().toList(), options.concurrency(),
                i -> client.createAddress(new Claim("load-1", "i" + i, "indexed"), null, poolUid,
                        "10." + (20 + i / 62_500) + "." + (i / 250) % 250 + "." + (2 + i % 250)));
        log(options.addresses() + " IPAddresses created in " + seconds(start) + " s");
        startOperator(options.addresses() + " IPAddresses indexed");
        if (options.jfr() != null) {
            Jfr.histogram(operator, options.jfr().resolveSibling(options.jfr().getFileName() + ".histogram.txt"));
        }
        stopOperator();
    }

    private void startOperator(String label) throws Exception {
        operator = OperatorUnderTest.start(options.operatorCommand(), repository, operatorKubeconfig,
                work.resolve("operator.log"));
        Duration ready = operator.awaitReady();
        ProcessSample atReady = operator.sample();
        Duration idle = operator.awaitIdle(Duration.ofMinutes(15));
        ProcessSample settled = operator.sample();
        facts.put("start-up, " + label, Map.of(
                "readySeconds", ready.toMillis() / 1000.0,
                "cpuSecondsToReady", atReady.cpuSeconds(),
                "residentMibAtReady", atReady.residentMib(),
                "busyAfterReadySeconds", Math.max(0, idle.toMillis() / 1000.0 - 1),
                "cpuSecondsToIdle", settled.cpuSeconds(),
                "residentMibIdle", settled.residentMib(),
                "threadsIdle", settled.threads()));
        log("operator (" + label + ") ready in " + ready.toMillis() + " ms, idle after " + idle.toMillis() + " ms more, "
                + Math.round(settled.residentMib()) + " MiB");
    }

    private void stopOperator() throws InterruptedException {
        operator.close();
        operator = null;
    }

    /** The client creates every claim; the phase ends when the watch has seen each one bound. */
    private void burst(String name, List<Claim> claims, boolean profile) throws Exception {
        Jfr recording = profile && options.jfr() != null ? Jfr.start(operator, options.jfr()) : null;
        Phase.Usage before = usage();
        Batch<Claim> creates = Batch.run(claims, options.concurrency(), client::create);
        Waits.until("every claim is bound (" + name + ")", BURST_TIMEOUT,
                () -> claims.stream().allMatch(claim -> client.boundAt(claim).isPresent()));
        long lastBound = claims.stream().mapToLong(claim -> client.boundAt(claim).orElseThrow()).max().orElseThrow();
        Phase.Usage after = usage();
        if (recording != null) {
            recording.stop();
        }
        long[] latencies = new long[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            latencies[i] = client.boundAt(claims.get(i)).orElseThrow() - creates.itemStart()[i];
        }
        phases.add(Phase.of(name, claims.size(), (lastBound - creates.startNanos()) / 1e9, latencies,
                creates.seconds(), before, after));
        check(claims);
    }

    /** The client deletes every claim; the phase ends when no claim and no IPAddress is left. */
    private void deleteBurst(String name, List<Claim> claims) {
        Phase.Usage before = usage();
        Batch<Claim> deletes = Batch.run(claims, options.concurrency(), client::delete);
        awaitGone(claims);
        phases.add(Phase.of(name, claims.size(), seconds(deletes.startNanos()), latencies(deletes), deletes.seconds(),
                before, usage()));
        claims.forEach(client::forget);
    }

    private void check(List<Claim> claims) {
        for (String namespace : claims.stream().map(Claim::namespace).distinct().toList()) {
            List<String> problems = client.inconsistencies(namespace);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(problems.size() + " inconsistencies in " + namespace + ", first: "
                        + problems.subList(0, Math.min(5, problems.size())));
            }
        }
    }

    private void awaitGone(List<Claim> claims) {
        Waits.until("every claim and IPAddress is gone", BURST_TIMEOUT,
                () -> claims.stream().noneMatch(client::exists));
    }

    private Phase.Usage usage() {
        return new Phase.Usage(operator == null ? null : operator.sample(), plane.apiServer(), plane.etcd(),
                ProcessSample.of(ProcessHandle.current().pid()));
    }

    private static List<Claim> claims(String namespace, String prefix, int count, IntFunction<String> pool) {
        return IntStream.range(0, count).mapToObj(i -> new Claim(namespace, prefix + i, pool.apply(i))).toList();
    }

    /** The i-th address of the second octet's block, never the gateway (10.0.0.1). */
    private static String address(int second, int i) {
        return "10." + second + "." + (i / 250) + "." + (2 + i % 250);
    }

    private static long[] latencies(Batch<?> batch) {
        long[] latencies = new long[batch.items().size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = batch.itemEnd()[i] - batch.itemStart()[i];
        }
        return latencies;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void report() throws Exception {
        System.out.println();
        System.out.printf("%-48s %6s %8s %8s %8s %8s %8s %8s %8s %7s %8s %7s %8s%n", "phase", "claims", "wall s",
                "p50 ms", "p99 ms", "client s", "op CPU s", "ms/claim", "op MiB", "threads", "apisrv s", "etcd s", "driver s");
        for (Phase phase : phases) {
            System.out.printf("%-48s %6d %8.2f %8.1f %8.1f %8.2f %8.2f %8.2f %8.0f %7d %8.2f %7.2f %8.2f%n", phase.name(),
                    phase.claims(), phase.seconds(), phase.p50Millis(), phase.p99Millis(), phase.clientSeconds(),
                    phase.operatorCpuSeconds(), phase.operatorCpuMillisPerClaim(), phase.operatorResidentMib(),
                    phase.operatorThreads(), phase.apiServerCpuSeconds(), phase.etcdCpuSeconds(),
                    phase.driverCpuSeconds());
        }
        facts.forEach((key, value) -> System.out.println(key + ": " + value));
        if (options.out() != null) {
            Map<String, Object> result = new LinkedHashMap<>(facts);
            result.put("phases", phases);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().toFile(), result);
            System.out.println("raw data: " + options.out());
        }
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now() + "] " + message);
    }
}
