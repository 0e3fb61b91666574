package io.ipamoperator.webhook;

import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.PoolKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The admission webhooks of the four pool kinds, with the in-cluster provider's names and paths (a cluster's
 * tooling and the chart refer to them), and the CRD conversion path.
 */
public final class WebhookCatalog {

    public static final String CONVERSION_PATH = "/convert";
    public static final String POOL_VERSION = "v1alpha2";

    private WebhookCatalog() {}

    /** One pool kind's pair of webhooks. */
    public record PoolWebhooks(PoolKind kind) {

        private String lower() {
            return kind.kind().toLowerCase(Locale.ROOT);
        }

        public String plural() {
            return lower() + "s";
        }

        public String defaultingName() {
            return "default." + lower() + "." + CapiNames.IPAM_GROUP;
        }

        public String validationName() {
            return "validation." + lower() + "." + CapiNames.IPAM_GROUP;
        }

        public String defaultingPath() {
            return "/mutate-" + groupPath() + "-" + POOL_VERSION + "-" + lower();
        }

        public String validationPath() {
            return "/validate-" + groupPath() + "-" + POOL_VERSION + "-" + lower();
        }

        private static String groupPath() {
            return CapiNames.IPAM_GROUP.replace('.', '-');
        }
    }

    public static List<PoolWebhooks> pools() {
        return Arrays.stream(PoolKind.values()).map(PoolWebhooks::new).toList();
    }
}
