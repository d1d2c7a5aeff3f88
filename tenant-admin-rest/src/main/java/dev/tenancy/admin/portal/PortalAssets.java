package dev.tenancy.admin.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The portal's static files, read once from this jar ({@value #ROOT}): their bytes, content types, and a version
 * (a hash of all of them) that goes into their URLs, so a browser may cache them for a year and still never runs an
 * old file after an upgrade. Immutable and equal on every node with the same jar (no state).
 *
 * <p>Served: {@code .js}, {@code .css}, {@code .svg}, {@code .png} files below the root, by exact name (no
 * directory listing, no {@code ..}). Not served: the page template and the message bundles ({@link PortalPage}
 * renders them into the page).</p>
 */
public final class PortalAssets {

    static final String ROOT = "dev/tenancy/admin/portal/";
    private static final Pattern SERVED = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.(js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "svg",
            "image/svg+xml",
            "png",
            "image/png");

    /** One file: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {}

    private final Map<String, Asset> files;
    private final String version;

    private PortalAssets(Map<String, Asset> files) {
        this.files = Map.copyOf(files);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        new TreeMap<>(files).forEach((name, asset) -> {
            sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(asset.bytes());
        });
        this.version = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    /** The files of this jar (loaded on first use). */
    public static PortalAssets get() {
        return Holder.INSTANCE;
    }

    /** The hash of all served files: the path segment of their URLs. */
    public String version() {
        return version;
    }

    /** The file at {@code path} (relative to the root), or empty when there is none or it is not served. */
    public Optional<Asset> find(String path) {
        if (path == null || !SERVED.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(path));
    }

    /** The names of all served files, sorted. */
    public java.util.List<String> names() {
        return files.keySet().stream().sorted().toList();
    }

    /** A text resource of the portal that is not served as is (template, bundles), or null. */
    static String text(String path) {
        try (InputStream in = PortalAssets.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Holder {
        static final PortalAssets INSTANCE = new PortalAssets(load());
    }

    /**
     * Lists the root where {@code app.js} is (this jar; in unit tests, the classes folder: the test classes have a
     * folder of the same package) and reads every served file.
     */
    static Map<String, Asset> load() {
        Map<String, Asset> found = new TreeMap<>();
        URL anchor = PortalAssets.class.getClassLoader().getResource(ROOT + "app.js");
        if (anchor == null) {
            return found;
        }
        try {
            if ("jar".equals(anchor.getProtocol())) {
                String spec = anchor.getPath();
                URL jarUrl = new URL(spec.substring(0, spec.indexOf("!/")));
                try (JarFile jar = new JarFile(Path.of(jarUrl.toURI()).toFile())) {
                    for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (!entry.isDirectory() && name.startsWith(ROOT)) {
                            add(found, name.substring(ROOT.length()), () -> jar.getInputStream(entry)
                                    .readAllBytes());
                        }
                    }
                }
            } else {
                Path base = Path.of(anchor.toURI()).getParent();
                try (Stream<Path> paths = Files.walk(base)) {
                    for (Path file : paths.filter(Files::isRegularFile).toList()) {
                        add(found, base.relativize(file).toString().replace('\\', '/'), () -> Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the portal's files from " + anchor, e);
        }
        return found;
    }

    private interface Reader {
        byte[] read() throws IOException;
    }

    private static void add(Map<String, Asset> found, String name, Reader reader) throws IOException {
        if (SERVED.matcher(name).matches()) {
            String extension = name.substring(name.lastIndexOf('.') + 1);
            found.put(name, new Asset(reader.read(), TYPES.get(extension)));
        }
    }
}
