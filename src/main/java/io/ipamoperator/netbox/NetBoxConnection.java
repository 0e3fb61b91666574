package io.ipamoperator.netbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a NetBox is and how to talk to it: the base URL, the API token and, for TLS with a private CA, a PEM bundle
 * of the certificates to trust. Built from a pool's connection Secret ({@code url}, {@code token}, optional {@code
 * caBundle}).
 *
 * <p>The token is a secret: {@link #toString()} and every message built from a connection show only the URL, and
 * the token leaves this class only as the {@code Authorization} header value ({@link #authorization()}). A v2 token
 * ({@code nbt_<key>.<token>}, NetBox 4.5 and later) is sent as {@code Bearer}, a legacy v1 token (40 hexadecimal
 * characters) as {@code Token}.
 */
public final class NetBoxConnection {

    private final URI url;
    private final String token;
    private final String caBundlePem;

    private NetBoxConnection(URI url, String token, String caBundlePem) {
        this.url = url;
        this.token = token;
        this.caBundlePem = caBundlePem;
    }

    /**
     * A connection to the NetBox at {@code url} (http or https, with an optional path prefix for a NetBox served
     * under a BASE_PATH), authenticated by {@code token}; {@code caBundlePem} may be null or blank.
     *
     * @throws IllegalArgumentException naming what is wrong (never quoting the token)
     */
    public static NetBoxConnection of(String url, String token, String caBundlePem) {
        return new NetBoxConnection(parseUrl(url), checkToken(token), blankToNull(caBundlePem));
    }

    private static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the NetBox URL is empty: set url, e.g. https://netbox.example.com");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the NetBox URL " + url.trim() + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the NetBox URL " + uri
                    + " must start with https:// (or http://), e.g. https://netbox.example.com");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the NetBox URL " + uri + " names no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "the NetBox URL must be scheme, host, port and path only (no user, query or fragment); put the"
                            + " credentials into token");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/api")) { // a URL copied from the API's root works as well
            path = path.substring(0, path.length() - "/api".length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path + "/");
    }

    private static String checkToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the NetBox API token is empty: set token to a NetBox API token");
        }
        String trimmed = token.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "the NetBox API token holds a space, a line break or a non-ASCII character: copy it again");
            }
        }
        return trimmed;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The base URL, ending in {@code /} (the API is under {@code api/}). */
    public URI url() {
        return url;
    }

    /** The PEM bundle of the CAs to trust, if the connection has one. */
    public Optional<String> caBundlePem() {
        return Optional.ofNullable(caBundlePem);
    }

    /** The value of the {@code Authorization} header. The only way the token leaves this class. */
    String authorization() {
        return (token.startsWith("nbt_") ? "Bearer " : "Token ") + token;
    }

    /** {@code text} with every occurrence of the token (and of its secret part) replaced, for messages. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text.replace(token, "<token>");
        int dot = token.indexOf('.');
        if (token.startsWith("nbt_") && dot > 0 && dot < token.length() - 1) {
            result = result.replace(token.substring(dot + 1), "<token>");
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetBoxConnection other
                && url.equals(other.url)
                && token.equals(other.token)
                && Objects.equals(caBundlePem, other.caBundlePem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, token, caBundlePem);
    }

    /** The URL only; the token is never shown. */
    @Override
    public String toString() {
        return "NetBox " + url + (caBundlePem == null ? "" : " (with a CA bundle)");
    }
}
