package dev.mcphybrid.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;

/** Sets the injected fields of container beans by hand, so benchmarks run the real classes without Liberty. */
public final class Wiring {

    private Wiring() {
    }

    public static <T> T set(T target, String field, Object value) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field f = type.getDeclaredField(field);
                f.setAccessible(true);
                f.set(target, value);
                return target;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(target.getClass() + " has no field " + field);
    }

    /** Calls a lifecycle method such as a {@code @PostConstruct} one, whatever its visibility. */
    public static void call(Object target, String method) {
        try {
            var m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + method + " of " + target.getClass(), e);
        }
    }

    /** An implementation of {@code type} whose methods do nothing and return null (CDI events, metrics). */
    public static <T> T inert(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("fireAsync")) {
                return java.util.concurrent.CompletableFuture.completedFuture(args[0]);
            }
            if (method.getReturnType() == boolean.class) {
                return false;
            }
            if (method.getReturnType() == int.class || method.getReturnType() == long.class) {
                return 0;
            }
            return null;
        }));
    }
}
