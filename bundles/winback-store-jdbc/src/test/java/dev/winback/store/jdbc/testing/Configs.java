package dev.winback.store.jdbc.testing;

import java.lang.reflect.Proxy;

/** A component's typed configuration with its defaults, for components built by hand in tests. */
public final class Configs {
    private Configs() {
    }

    public static <T> T defaults(Class<T> type) {
        return with(type, java.util.Map.of());
    }

    /** The configuration with some attributes set (by method name), the others at their defaults. */
    public static <T> T with(Class<T> type, java.util.Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getName().equals("annotationType")) {
                        return type;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }
}
