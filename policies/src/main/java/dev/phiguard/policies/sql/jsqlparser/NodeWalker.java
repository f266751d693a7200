package dev.phiguard.policies.sql.jsqlparser;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Enumerates the children of a JSqlParser node by reflection over every instance field, so that no
 * child is missed whatever the node type: this is what makes the analysis fail closed against syntax
 * whose visitor support is incomplete. Field lists are cached per class; thread-safe.
 */
final class NodeWalker {

    private static final String PARSER_PACKAGE = "net.sf.jsqlparser.";
    private static final String PARSER_INTERNALS = "net.sf.jsqlparser.parser.";

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(PARSER_PACKAGE); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
                            || field.getType() == String.class || field.getType().isEnum()
                            || field.getType().getName().startsWith(PARSER_INTERNALS)) {
                        continue;
                    }
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
            return List.copyOf(fields);
        }
    };

    private NodeWalker() {
    }

    /**
     * @param value any object
     * @return whether it is a JSqlParser syntax node (not a parser internal, not an enum constant)
     */
    static boolean isNode(Object value) {
        Class<?> type = value.getClass();
        String name = type.getName();
        return name.startsWith(PARSER_PACKAGE) && !name.startsWith(PARSER_INTERNALS) && !type.isEnum()
                && !(value instanceof Enum<?>);
    }

    /**
     * Calls {@code action} with every direct child node of {@code node}: the elements of a node that
     * is itself a list, and every node held by a field, directly or in a collection, array or map.
     *
     * @param node a syntax node
     * @param action called once per child (a child held twice is passed twice)
     */
    static void forEachChild(Object node, Consumer<Object> action) {
        if (node instanceof Collection<?> elements) {
            for (Object element : elements) {
                dispatch(element, action);
            }
        }
        for (Field field : FIELDS.get(node.getClass())) {
            Object value;
            try {
                value = field.get(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
            dispatch(value, action);
        }
    }

    private static void dispatch(Object value, Consumer<Object> action) {
        if (value == null) {
            return;
        }
        if (isNode(value)) {
            action.accept(value);
        } else if (value instanceof Collection<?> elements) {
            for (Object element : elements) {
                dispatch(element, action);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object element : map.values()) {
                dispatch(element, action);
            }
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                dispatch(element, action);
            }
        }
    }
}
