package dev.mcphybrid.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import org.eclipse.microprofile.metrics.Metric;

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

    /**
     * The gateway's {@code OrderedEvents} on plain threads standing in for Liberty's managed ones: events of one key
     * are delivered in order, as in the server.
     */
    public static dev.mcphybrid.common.OrderedEvents orderedEvents() {
        dev.mcphybrid.common.OrderedEvents ordered = new dev.mcphybrid.common.OrderedEvents();
        set(ordered, "threads", Proxy.newProxyInstance(Wiring.class.getClassLoader(),
                new Class<?>[] {jakarta.enterprise.concurrent.ManagedThreadFactory.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("newThread")) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    Thread thread = new Thread((Runnable) args[0], "bench-events");
                    thread.setDaemon(true);
                    return thread;
                }));
        call(ordered, "init");
        return ordered;
    }

    /** A store that is not connected: the gateway runs as one instance, not clustered. */
    public static dev.mcphybrid.cluster.ClusterStore notClustered() {
        dev.mcphybrid.cluster.ClusterStore store = new dev.mcphybrid.cluster.ClusterStore();
        set(store, "settings", dev.mcphybrid.cluster.ClusterSettings.of(false, null, "bench", "bench"));
        return store;
    }

    /** Liberty's managed executor, stood in for by {@code pool}. */
    public static jakarta.enterprise.concurrent.ManagedExecutorService managedExecutor(java.util.concurrent.ExecutorService pool) {
        return delegating(jakarta.enterprise.concurrent.ManagedExecutorService.class, pool);
    }

    /** {@code type} (an interface extending ExecutorService) answered by {@code pool} for the methods they share. */
    private static <T> T delegating(Class<T> type, java.util.concurrent.ExecutorService pool) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!method.getDeclaringClass().isInstance(pool)) {
                throw new UnsupportedOperationException(method.toString());
            }
            try {
                return method.invoke(pool, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }));
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
            if (Metric.class.isAssignableFrom(method.getReturnType()) && method.getReturnType().isInterface()) {
                return inert(method.getReturnType()); // a counter or timer that counts nothing
            }
            if (method.getReturnType() == int.class || method.getReturnType() == long.class) {
                return 0;
            }
            return null;
        }));
    }
}
