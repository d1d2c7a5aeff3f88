package dev.tenancy.context.testing;

import jakarta.persistence.Entity;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entity names and attribute paths a JPQL statement names, checked against the entity classes by reflection:
 * what Hibernate would refuse at run time (an entity renamed, a field renamed or retyped by a Keycloak upgrade) is
 * found by a unit test instead. It reads the subset of JPQL our adapters write: {@code from|join|, Entity alias},
 * {@code join alias.field alias}, and {@code alias.field[.field]} paths.
 */
public final class JpqlEntityPaths {

    private static final Pattern ENTITY =
            Pattern.compile("(?:\\bfrom|\\bjoin|,)\\s+([A-Z]\\w*)\\s+(?:as\\s+)?([a-z]\\w*)");
    private static final Pattern PATH_JOIN =
            Pattern.compile("\\bjoin\\s+([a-z]\\w*)\\.(\\w+)\\s+(?:as\\s+)?([a-z]\\w*)");
    private static final Pattern PATH = Pattern.compile("\\b([a-z]\\w*)((?:\\.\\w+)+)");

    private JpqlEntityPaths() {}

    /**
     * What in {@code jpql} does not resolve against {@code entities} (empty when everything does): an unknown entity
     * name, a class that is no longer an {@code @Entity}, a path through a missing field.
     */
    public static List<String> problems(String jpql, Class<?>... entities) {
        Map<String, Class<?>> byName = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> entity : entities) {
            Entity annotation = entity.getAnnotation(Entity.class);
            if (annotation == null) {
                problems.add(entity.getName() + " is not an @Entity");
                continue;
            }
            byName.put(annotation.name().isEmpty() ? entity.getSimpleName() : annotation.name(), entity);
        }
        String text = jpql.replaceAll("'[^']*'", "''");
        Map<String, Class<?>> aliases = new HashMap<>();
        Matcher entity = ENTITY.matcher(text);
        while (entity.find()) {
            Class<?> type = byName.get(entity.group(1));
            if (type == null) {
                problems.add("entity " + entity.group(1) + " is not among " + byName.keySet());
            } else {
                aliases.put(entity.group(2), type);
            }
        }
        Matcher join = PATH_JOIN.matcher(text);
        while (join.find()) {
            Class<?> owner = aliases.get(join.group(1));
            Field field = owner == null ? null : field(owner, join.group(2));
            if (field != null) {
                aliases.put(join.group(3), field.getType());
            }
        }
        Matcher path = PATH.matcher(text);
        while (path.find()) {
            Class<?> type = aliases.get(path.group(1));
            if (type == null) {
                continue;
            }
            for (String name : path.group(2).substring(1).split("\\.")) {
                Field field = field(type, name);
                if (field == null) {
                    problems.add(path.group() + ": " + type.getName() + " has no field " + name);
                    break;
                }
                type = field.getType();
            }
        }
        if (aliases.isEmpty()) {
            problems.add("no entity found in: " + jpql);
        }
        return problems;
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // a mapped superclass may declare it
            }
        }
        return null;
    }
}
