package io.kvstore.engine.codec;

/**
 * Loads zstd-jni's native library on first need, and turns every way that can fail (the jar missing from the class
 * path, no native build for this OS and CPU, a native library the JVM refuses) into one clear exception. zstd-jni is
 * only reached through reflection here and through {@link ZstdDictionary}, which nothing loads before
 * {@link #require} has succeeded: a store that never uses {@code compression=zstd-dict} never touches it, so the
 * driver still loads in a JRE where the native library cannot. Thread-safe.
 */
public final class ZstdNative {
    /** null: not tried yet; "": loaded; else why it cannot load. */
    private static volatile String failure;

    private ZstdNative() {
    }

    /**
     * Makes sure zstd-jni and its native library are loaded.
     *
     * @param what what needs it, for the message ("compression=zstd-dict")
     * @throws IllegalArgumentException it cannot be loaded here; the message says why and what to do
     */
    public static void require(String what) {
        String f = failure;
        if (f == null) {
            f = load();
            failure = f;
        }
        if (!f.isEmpty()) {
            throw new IllegalArgumentException(what + " needs the zstd-jni native library, which cannot be loaded"
                    + " in this JVM (" + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "): " + f + "; choose compression=lz4 (pure Java) instead");
        }
    }

    /** Whether zstd-jni loads here (tries once). */
    public static boolean available() {
        try {
            require("zstd");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static synchronized String load() {
        try {
            Class<?> nativeClass = Class.forName("com.github.luben.zstd.util.Native", true,
                    ZstdNative.class.getClassLoader());
            nativeClass.getMethod("load").invoke(null);
            return "";
        } catch (ClassNotFoundException e) {
            return "com.github.luben:zstd-jni is not on the class path";
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            return c.getClass().getSimpleName() + ": " + c.getMessage();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
