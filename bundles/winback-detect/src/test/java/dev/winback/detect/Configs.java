package dev.winback.detect;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Test helper: an instance of a component's typed configuration, its defaults with some values overridden. */
public final class Configs {
    private Configs() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> overrides) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String name = method.getName();
            if (overrides.containsKey(name)) {
                return overrides.get(name);
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            return switch (name) {
                case "annotationType" -> type;
                case "toString" -> type.getSimpleName() + overrides;
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException(name);
            };
        });
        return type.cast(proxy);
    }

    public static <T> T defaults(Class<T> type) {
        return of(type, Map.of());
    }
}
