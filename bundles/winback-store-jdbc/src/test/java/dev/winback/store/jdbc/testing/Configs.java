package dev.winback.store.jdbc.testing;

import java.lang.reflect.Proxy;

/** A component's typed configuration with its defaults, for components built by hand in tests. */
public final class Configs {
    private Configs() {
    }

    public static <T> T defaults(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
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
