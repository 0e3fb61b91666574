package io.ipamoperator.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** OCI image archives (an OCI image layout in a tar, as the build writes them) for the real-node tests. */
final class ImageArchives {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageArchives() {}

    /**
     * A new build of the image of {@code archive}: the same layers under a config with {@code labels} added and
     * named {@code reference}, so a different image (another config digest, another image ID) that a Deployment
     * rolls to, as it does to a release's next image. Written to {@code into}.
     */
    static Path rebuilt(Path archive, String reference, Map<String, String> labels, Path into) {
        try {
            Path layout = Files.createTempDirectory(into.getParent(), "image-");
            run(List.of("tar", "-xf", archive.toAbsolutePath().toString(), "-C", layout.toString()));
            ObjectNode index =
                    (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
            ObjectNode descriptor = (ObjectNode) index.withArray("manifests").get(0);
            ObjectNode manifest = (ObjectNode)
                    JSON.readTree(blob(layout, descriptor.get("digest").asText()));
            ObjectNode configDescriptor = (ObjectNode) manifest.get("config");
            ObjectNode config = (ObjectNode)
                    JSON.readTree(blob(layout, configDescriptor.get("digest").asText()));
            ObjectNode configLabels = ((ObjectNode) config.get("config")).withObject("Labels");
            labels.forEach(configLabels::put);

            byte[] configBytes = JSON.writeValueAsBytes(config);
            configDescriptor.put("digest", write(layout, configBytes));
            configDescriptor.put("size", configBytes.length);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            descriptor.put("digest", write(layout, manifestBytes));
            descriptor.put("size", manifestBytes.length);
            descriptor.withObject("annotations").put("org.opencontainers.image.ref.name", reference);
            Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));

            Files.deleteIfExists(into);
            run(List.of("tar", "-cf", into.toAbsolutePath().toString(), "-C", layout.toString(), "."));
            run(List.of("rm", "-rf", layout.toString()));
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    /** Stores {@code content} as a blob of the layout; returns its digest. */
    private static String write(Path layout, byte[] content) throws IOException {
        try {
            String hex = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            Files.write(layout.resolve("blobs/sha256").resolve(hex), content);
            return "sha256:" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(command + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
    }
}
