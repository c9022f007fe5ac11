package io.kvstore.jdbc.remote.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReadSpinTest {
    /** A stream that never has data (a peer that does not answer within the budget). */
    private static final InputStream SILENT = new InputStream() {
        @Override
        public int read() {
            return -1;
        }
    };

    @Test
    void await_peerNeverAnswersInTime_budgetShrinksToNothing() throws Exception {
        ReadSpin spin = new ReadSpin();
        for (int i = 0; i < 10 && spin.budget() > 0; i++) {
            spin.await(SILENT);
        }
        assertEquals(0, spin.budget());
    }

    @Test
    void await_dataArrives_budgetBackToTheMaximum() throws Exception {
        ReadSpin spin = new ReadSpin();
        for (int i = 0; i < 10; i++) {
            spin.await(SILENT);
        }
        for (int i = 0; i < 64; i++) { // polling is retried once every 64 reads
            spin.await(new ByteArrayInputStream(new byte[0]) {
                private int calls;

                @Override
                public synchronized int available() {
                    return ++calls > 1 ? 1 : 0; // empty at the first look, data while polling
                }
            });
        }
        assertEquals(ReadSpin.MAX_NANOS, spin.budget());
        assertTrue(spin.budget() > 0);
    }
}
