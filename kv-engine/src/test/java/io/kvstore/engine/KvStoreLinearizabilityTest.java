package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the engine's single operations, compare-and-set and transactions, checked by JetBrains
 * Lincheck in stress mode: concurrent scenarios run on a real store and every outcome must match some
 * sequential execution of the same operations on a fresh store. Versions are LSNs, assigned in commit order,
 * so compare-and-set results are part of what is checked.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:5")
@Param(name = "version", gen = IntGen.class, conf = "0:4")
public class KvStoreLinearizabilityTest {
    private static final int ACCOUNTS = 3;
    private final KvStore store = KvStore.inMemory();

    public KvStoreLinearizabilityTest() {
        for (int i = 1; i <= ACCOUNTS; i++) {
            store.put(account(i), ByteBuffer.allocate(8).putLong(100).array());
        }
    }

    private static byte[] key(int k) {
        return ("k" + k).getBytes(UTF_8);
    }

    private static byte[] account(int k) {
        return ("acct" + k).getBytes(UTF_8);
    }

    @Operation
    public void put(@Param(name = "key") int k, @Param(name = "value") int v) {
        store.put(key(k), ("v" + v).getBytes(UTF_8));
    }

    @Operation
    public String get(@Param(name = "key") int k) {
        byte[] v = store.get(key(k));
        return v == null ? null : new String(v, UTF_8);
    }

    @Operation
    public boolean delete(@Param(name = "key") int k) {
        return store.delete(key(k));
    }

    @Operation
    public long version(@Param(name = "key") int k) {
        KvEntry e = store.getEntry(key(k));
        return e == null ? 0 : e.version();
    }

    @Operation
    public boolean compareAndSet(@Param(name = "key") int k, @Param(name = "version") int expected,
                                 @Param(name = "value") int v) {
        return store.compareAndSet(key(k), expected + ACCOUNTS, ("c" + v).getBytes(UTF_8));
    }

    /** Moves 1 from account a to account b in a transaction, retrying on conflict. */
    @Operation
    public void transfer(@Param(name = "key") int a, @Param(name = "value") int b) {
        int to = (b % ACCOUNTS) + 1;
        if (to == a) {
            return;
        }
        while (true) {
            try (KvTransaction t = store.begin()) {
                long x = ByteBuffer.wrap(t.get(account(a))).getLong();
                long y = ByteBuffer.wrap(t.get(account(to))).getLong();
                t.put(account(a), ByteBuffer.allocate(8).putLong(x - 1).array());
                t.put(account(to), ByteBuffer.allocate(8).putLong(y + 1).array());
                t.commit();
                return;
            } catch (KvConflictException e) {
                // retry
            }
        }
    }

    /** Reads one account in a transaction. */
    @Operation
    public long balance(@Param(name = "key") int a) {
        while (true) {
            try (KvTransaction t = store.begin()) {
                long x = ByteBuffer.wrap(t.get(account(a))).getLong();
                t.commit();
                return x;
            } catch (KvConflictException e) {
                // retry
            }
        }
    }

    @Test
    void operations_concurrently_areLinearizable() {
        StressOptions options = new StressOptions()
                .iterations(8)
                .invocationsPerIteration(250)
                .threads(2)
                .actorsPerThread(3);
        LinChecker.check(KvStoreLinearizabilityTest.class, options);
    }
}
