package io.kvstore.engine.codec;

import java.io.IOException;

/** Where a store keeps a newly trained dictionary durably (its directory); see {@link StoreDictionary}. */
@FunctionalInterface
public interface DictionarySink {
    /**
     * Makes {@code dictionary} (id {@code id}) durable: when this returns, a crash cannot lose it.
     *
     * @throws IOException it could not be written; the dictionary is then not used
     */
    void persist(int id, byte[] dictionary) throws IOException;
}
