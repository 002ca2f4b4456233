package vn.truongson.signing.internal;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Sets a variable in the process's own C environment, where a native library reads it (SoftHSM2 reads
 * {@code SOFTHSM2_CONF} when the JVM first loads it). Java's {@code System.getenv} is a copy and cannot be
 * changed; the foreign function API (final since Java 22) calls libc's {@code setenv}. It is reached by
 * reflection, so the code compiles for Java 21; on a Java 21 runtime the variable must be set before start.
 */
final class NativeEnv {

    private NativeEnv() {}

    static boolean setenv(String name, String value) {
        try {
            Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupC = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayoutC = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> arenaC = Class.forName("java.lang.foreign.Arena");
            Class<?> allocatorC = Class.forName("java.lang.foreign.SegmentAllocator");
            Object linker = linkerC.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) lookupC.getMethod("find", String.class).invoke(lookup, "setenv");
            if (symbol.isEmpty()) return false;
            Object address = valueLayoutC.getField("ADDRESS").get(null);
            Object javaInt = valueLayoutC.getField("JAVA_INT").get(null);
            Object args = Array.newInstance(layoutC, 3);
            Array.set(args, 0, address);
            Array.set(args, 1, address);
            Array.set(args, 2, javaInt);
            Object descriptor = descC.getMethod("of", layoutC, args.getClass()).invoke(null, javaInt, args);
            MethodHandle setenv = (MethodHandle) linkerC.getMethod("downcallHandle", segmentC, descC, Array.newInstance(optionC, 0).getClass())
                    .invoke(linker, symbol.get(), descriptor, Array.newInstance(optionC, 0));
            Method allocateFrom = allocatorC.getMethod("allocateFrom", String.class);
            Object arena = arenaC.getMethod("ofConfined").invoke(null);
            try {
                // setenv copies both strings, so the arena may go at once.
                int rc = (int) setenv.invokeWithArguments(allocateFrom.invoke(arena, name), allocateFrom.invoke(arena, value), 1);
                return rc == 0;
            } finally {
                ((AutoCloseable) arena).close();
            }
        } catch (Throwable e) {
            return false;
        }
    }
}
