package io.kvstore.server.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DisplayTest {
    @Test
    void quoted_text_isQuotedWithEscapes() {
        assertEquals("\"a \\\"b\\\" \\\\ \\n\\t\\x01 é\"", Display.quoted("a \"b\" \\ \n\t\u0001 é".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quoted_malformedUtf8_isShownByteByByte() {
        assertEquals("\"a\\xff\\xc3\"", Display.quoted(new byte[] {'a', (byte) 0xff, (byte) 0xc3}));
    }

    @Test
    void quoted_anyBytes_roundTripThroughTokenizer() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] value = new byte[random.nextInt(20)];
            random.nextBytes(value);
            if (i % 2 == 0) {
                value = ("x y\"\\\n" + i + "ü").getBytes(StandardCharsets.UTF_8);
            }
            assertArrayEquals(value, Tokenizer.split(Display.quoted(value)).get(0), "value " + i);
        }
    }
}
