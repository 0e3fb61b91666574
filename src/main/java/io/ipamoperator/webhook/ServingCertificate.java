package io.ipamoperator.webhook;

import java.time.Instant;
import java.util.Set;

/**
 * The webhook server's TLS material, PEM-encoded: the CA bundle the API server trusts ({@code caBundle}, the
 * current CA first, during a CA renewal also the previous one), the CA's own key (to issue the next leaf) and the
 * leaf certificate and key the server presents, with what the leaf covers and until when.
 */
public record ServingCertificate(
        String caBundle,
        String caCertificate,
        String caKey,
        String certificate,
        String key,
        Instant caNotAfter,
        Instant notAfter,
        Set<String> subjectAlternativeNames) {}
