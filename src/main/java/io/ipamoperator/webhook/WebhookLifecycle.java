package io.ipamoperator.webhook;

import io.ipamoperator.leadership.Leadership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Brings the webhooks up at start, before the controllers start (pools stored in v1alpha1 are converted by this
 * server, so it must serve before the first list); if that fails (a slow or absent API server) the operator starts
 * anyway and certificate, server and registration are retried in the background until they work. Then, every
 * {@link #REFRESH}, it renews the certificate when due (or picks up another replica's renewal, or cert-manager's
 * new files) and presents it. Outside a cluster the leader registers the webhooks again when it wins the lease,
 * so they point at a live replica; a clean stop removes the registration that still points at this process.
 */
@ApplicationScoped
public class WebhookLifecycle {

    private static final Logger LOG = Logger.getLogger(WebhookLifecycle.class);
    static final Duration RETRY = Duration.ofSeconds(5);
    static final Duration REFRESH = Duration.ofMinutes(1);
    static final Duration UNREGISTER_TIMEOUT = Duration.ofSeconds(3);

    private final WebhookSettings settings;
    private final CertificateStore certificates;
    private final WebhookServer server;
    private final WebhookRegistration registration;
    private final Leadership leadership;
    private ScheduledExecutorService scheduler;
    private volatile String lastError;
    private volatile boolean registered;

    @Inject
    public WebhookLifecycle(
            WebhookSettings settings,
            CertificateStore certificates,
            WebhookServer server,
            WebhookRegistration registration,
            Leadership leadership) {
        this.settings = settings;
        this.certificates = certificates;
        this.server = server;
        this.registration = registration;
        this.leadership = leadership;
    }

    void onStart(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("Webhooks are off (ipam.webhook.port=0): pools are only checked by their CRD schema");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ipam-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        // The first attempt runs before the operator starts its informers (this observer's priority comes first):
        // pools the Go provider stored as v1alpha1 must be read through the conversion webhook from the start.
        bringUp();
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        if (registered) {
            // bounded: on Ctrl-C the API server of a local run may already be gone, and the stop must not hang
            try {
                java.util.concurrent.CompletableFuture.runAsync(registration::unregister)
                        .get(UNREGISTER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.infof(
                        "Left the webhook configurations in place: the API server did not answer within %ds",
                        UNREGISTER_TIMEOUT.toSeconds());
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warnf(
                        "Could not remove the webhook configurations on stop: %s",
                        e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop();
    }

    /** Webhooks are off, or served and registered. */
    public boolean ready() {
        return !settings.enabled() || (server.serving() && registered);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Why the webhooks are not up yet, if an attempt failed. */
    public Optional<String> lastError() {
        return ready() ? Optional.empty() : Optional.ofNullable(lastError);
    }

    private void bringUp() {
        try {
            ServingCertificate certificate = current();
            server.start(certificate);
            if (certificate.caBundle() != null) {
                registration.register(certificate, selfManaged(), true);
            }
            registered = true;
            lastError = null;
            leadership.whenDeciding(() -> scheduler.execute(this::registerAgain));
            scheduler.scheduleWithFixedDelay(this::refresh, REFRESH.toSeconds(), REFRESH.toSeconds(), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.warnf(
                    "Webhooks not up yet (trying again in %ds): %s. Until they are, pools are not checked at"
                            + " admission, and pools stored in v1alpha1 are read unconverted (restart the operator"
                            + " once the webhooks are up if the cluster has such pools)",
                    RETRY.toSeconds(), e.getMessage());
            scheduler.schedule(this::bringUp, RETRY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void registerAgain() {
        try {
            ServingCertificate certificate = current();
            if (certificate.caBundle() != null && settings.url().isPresent()) {
                registration.register(certificate, selfManaged(), true);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not register the webhooks after winning the lease: %s", e.getMessage());
        }
    }

    private void refresh() {
        try {
            ServingCertificate certificate = current();
            server.present(certificate);
            if (certificate.caBundle() != null) {
                registration.register(certificate, selfManaged(), false);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not check the webhook certificate (the current one stays in use): %s", e.getMessage());
        }
    }

    private boolean selfManaged() {
        return settings.certificateDir().isEmpty();
    }

    /**
     * The self-managed certificate (issued or renewed as due), or the files cert-manager mounted (its
     * {@code ca.crt}, when there, is what the CRDs' conversion trusts; cert-manager injects the configurations').
     */
    private ServingCertificate current() {
        if (settings.certificateDir().isEmpty()) {
            return certificates.ensure();
        }
        Path dir = Path.of(settings.certificateDir().get());
        try {
            String certificate = Files.readString(dir.resolve("tls.crt"));
            String key = Files.readString(dir.resolve("tls.key"));
            Path ca = dir.resolve("ca.crt");
            String caBundle = Files.isRegularFile(ca) ? Files.readString(ca) : null;
            return new ServingCertificate(caBundle, null, null, certificate, key, null, null, Set.of());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read tls.crt and tls.key from " + dir + " (ipam.webhook.certificate-dir): "
                            + e.getMessage(),
                    e);
        }
    }
}
