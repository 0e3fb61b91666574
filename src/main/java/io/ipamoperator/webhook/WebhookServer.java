package io.ipamoperator.webhook;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The HTTPS server the API server calls for admission and conversion, on its own port ({@code ipam.webhook.port})
 * beside the HTTP server of health and metrics. Its certificate is swapped in place when renewed
 * ({@link #present}), without dropping connections. Reviews are answered on worker threads: an answer may wait
 * for a pool's lock in the allocation index.
 */
@ApplicationScoped
public class WebhookServer {

    private static final Logger LOG = Logger.getLogger(WebhookServer.class);
    /** Twice the API server's object size limit: a review carries the object and its old version. */
    private static final long BODY_LIMIT = 4L * 1024 * 1024;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final WebhookSettings settings;
    private final Map<String, UnaryOperator<String>> routes = new TreeMap<>();
    private volatile HttpServer server;
    private volatile ServingCertificate presented;

    @Inject
    public WebhookServer(Vertx vertx, WebhookSettings settings, Instance<WebhookRoutes> endpoints) {
        this.vertx = vertx;
        this.settings = settings;
        endpoints.forEach(endpoint -> routes.putAll(endpoint.routes()));
    }

    /** Starts serving with {@code certificate}. */
    public synchronized void start(ServingCertificate certificate) {
        if (server != null) {
            present(certificate);
            return;
        }
        Router router = Router.router(vertx);
        router.post().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
        for (Map.Entry<String, UnaryOperator<String>> route : routes.entrySet()) {
            router.post(route.getKey())
                    .blockingHandler(
                            context -> {
                                String answer =
                                        route.getValue().apply(context.body().asString());
                                context.response()
                                        .putHeader("content-type", "application/json")
                                        .end(answer);
                            },
                            false);
        }
        HttpServerOptions options =
                new HttpServerOptions().setPort(settings.port()).setSsl(true).setKeyCertOptions(keyCert(certificate));
        HttpServer created = vertx.createHttpServer(options).requestHandler(router);
        try {
            created.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the webhook server", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "cannot serve webhooks on port " + settings.port() + ": " + cause.getMessage()
                            + " (set IPAM_WEBHOOK_PORT to a free port, or 0 to serve no webhooks)",
                    cause);
        }
        server = created;
        presented = certificate;
        LOG.infof("Serving %d webhooks on port %d (HTTPS)", routes.size(), created.actualPort());
    }

    /** Presents {@code certificate} from now on (a renewal); a no-op when it is the one presented. */
    public synchronized void present(ServingCertificate certificate) {
        if (server == null || certificate.equals(presented)) {
            return;
        }
        try {
            server.updateSSLOptions(new SSLOptions().setKeyCertOptions(keyCert(certificate)))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            presented = certificate;
            LOG.infof("Webhook server presents the renewed certificate, valid until %s", certificate.notAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf(e, "Could not present the renewed webhook certificate; the previous one stays in use");
        }
    }

    public boolean serving() {
        return server != null;
    }

    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static PemKeyCertOptions keyCert(ServingCertificate certificate) {
        return new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(certificate.certificate()))
                .setKeyValue(Buffer.buffer(certificate.key()));
    }
}
