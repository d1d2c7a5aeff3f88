package dev.tenancy.admin.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenancy.admin.portal.PortalResource;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document served at {@code /tenants/openapi} documents exactly the JAX-RS operations of the resource
 * classes: every (method, path) reachable from {@link TenantsResource} through sub-resource locators is in the
 * document, and the document has no operation that the code lacks.
 */
class OpenApiDocumentTest {

    /** CORS preflights ({@code OPTIONS}) are not API operations: README.md documents them. */
    private static final Map<Class<? extends Annotation>, String> HTTP_METHODS = Map.of(
            GET.class,
            "get",
            POST.class,
            "post",
            PUT.class,
            "put",
            DELETE.class,
            "delete",
            PATCH.class,
            "patch",
            HEAD.class,
            "head");

    @Test
    void everyOperationOfTheCodeIsDocumentedAndViceVersa() throws IOException {
        Set<String> inCode = new TreeSet<>();
        collect(TenantsResource.class, "", inCode);
        Set<String> inDocument = documentedOperations();
        assertThat(inCode).as("JAX-RS operations").isNotEmpty();
        assertThat(inDocument).as("operations in openapi.yaml").containsExactlyInAnyOrderElementsOf(inCode);
    }

    @Test
    void everyOperationDocumentsItsErrorsInTheOneErrorFormat() throws IOException {
        Map<String, Object> paths = paths();
        paths.forEach((path, item) -> operations(item).forEach((method, op) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op).get("responses");
            assertThat(responses).as(method + " " + path).isNotEmpty();
            boolean isPublic = path.equals("/openapi")
                    || (path.equals("/invitations/accept") && method.equals("get"))
                    || path.equals("/invitations/respond")
                    || path.equals("/invitations/callback");
            if (!isPublic) {
                assertThat(responses).as(method + " " + path + " documents 401").containsKey("401");
            }
        }));
    }

    /** The session answers' schemas list exactly the fields the records serialise (the tenant-scoped shape). */
    @Test
    void theSessionSchemasMatchTheirRepresentations() throws IOException {
        assertThat(schemaProperties("Session"))
                .containsExactlyInAnyOrderElementsOf(
                        recordComponents(dev.tenancy.admin.representation.SessionRepresentation.class));
        assertThat(schemaProperties("LogoutResult"))
                .containsExactlyInAnyOrderElementsOf(
                        recordComponents(dev.tenancy.admin.representation.LogoutResultRepresentation.class));
    }

    private static Set<String> recordComponents(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            names.add(component.getName());
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> schemaProperties(String schema) throws IOException {
        Map<String, Object> components = (Map<String, Object>) document().get("components");
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        Map<String, Object> definition = (Map<String, Object>) schemas.get(schema);
        return new TreeSet<>(((Map<String, Object>) definition.get("properties")).keySet());
    }

    private static void collect(Class<?> resource, String prefix, Set<String> out) {
        for (Method method : resource.getDeclaredMethods()) {
            Path path = method.getAnnotation(Path.class);
            String http = httpMethod(method);
            if (path == null && http == null
                    || method.isAnnotationPresent(OPTIONS.class)
                    || method.getReturnType() == PortalResource.class) {
                continue; // the portal's page and files are no API operations (README "Tenant admin portal")
            }
            String full = join(prefix, path == null ? "" : path.value());
            if (http != null) {
                out.add(http + " " + (full.isEmpty() ? "/" : full));
            } else {
                collect(method.getReturnType(), full, out); // sub-resource locator
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Map.Entry<Class<? extends Annotation>, String> e : HTTP_METHODS.entrySet()) {
            if (method.isAnnotationPresent(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Joins path templates and drops regular expressions: {@code {role: .+}} is {@code {role}}. */
    static String join(String prefix, String segment) {
        String s = segment.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
        s = s.replaceAll("^/+|/+$", "");
        return s.isEmpty() ? prefix : prefix + "/" + s;
    }

    private static Set<String> documentedOperations() throws IOException {
        Set<String> out = new TreeSet<>();
        paths().forEach((path, item) -> operations(item).keySet().forEach(method -> out.add(method + " " + path)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operations(Object pathItem) {
        Map<String, Object> ops = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) pathItem).forEach((key, value) -> {
            if (HTTP_METHODS.containsValue(key)) {
                ops.put(key, value);
            }
        });
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> paths() throws IOException {
        return (Map<String, Object>) document().get("paths");
    }

    private static Map<String, Object> document() throws IOException {
        try (InputStream in = TenantsResource.class.getResourceAsStream(TenantsResource.OPENAPI_RESOURCE)) {
            assertThat(in).as("openapi.yaml on the class path").isNotNull();
            Map<String, Object> document = new Yaml().load(in);
            assertThat(document.get("openapi").toString()).startsWith("3.");
            return document;
        }
    }
}
