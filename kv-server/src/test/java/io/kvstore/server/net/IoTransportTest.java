package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IoTransportTest {
    @Test
    void checkSetting_anyCase_lowerCaseName() {
        assertEquals("auto", IoTransport.checkSetting("AUTO"));
        assertEquals("io_uring", IoTransport.checkSetting(" IO_URING "));
        assertEquals("epoll", IoTransport.checkSetting("epoll"));
        assertEquals("nio", IoTransport.checkSetting("Nio"));
    }

    @Test
    void checkSetting_unknownName_listsTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoTransport.checkSetting("kqueue"));
        assertTrue(e.getMessage().contains("auto, io_uring, epoll or nio"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IoTransport.checkSetting(""));
        assertThrows(IllegalArgumentException.class, () -> IoTransport.checkSetting("io-uring"));
    }

    @Test
    void resolve_auto_firstAvailableInAutoOrder() {
        IoTransport chosen = IoTransport.resolve("auto");
        assertTrue(chosen.isAvailable());
        for (IoTransport t : IoTransport.AUTO_ORDER) {
            if (t == chosen) {
                break;
            }
            assertTrue(!t.isAvailable(), t + " is available and comes before " + chosen);
        }
    }

    @Test
    void resolve_nio_alwaysAvailable() {
        assertEquals(IoTransport.NIO, IoTransport.resolve("nio"));
    }

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void resolve_namedTransport_thatOneOrAnErrorWithTheCause(IoTransport t) {
        if (t.isAvailable()) {
            assertEquals(t, IoTransport.resolve(t.settingName()));
            assertEquals(null, t.unavailabilityCause());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> IoTransport.resolve(t.settingName()));
            assertTrue(e.getMessage().contains("not available"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void serverChannelClass_available_matchesTheHandlerFactory(IoTransport t) {
        assumeTrue(t.isAvailable(), () -> t + " unavailable here: " + t.unavailabilityCause());
        assertNotNull(t.ioHandlerFactory());
        assertTrue(io.netty.channel.ServerChannel.class.isAssignableFrom(t.serverChannelClass()));
    }

    @Test
    void nextAvailable_autoOrder_endsWithNio() {
        org.junit.jupiter.api.Assertions.assertNull(IoTransport.NIO.nextAvailable());
        org.junit.jupiter.api.Assertions.assertEquals(IoTransport.NIO, IoTransport.EPOLL.nextAvailable());
        IoTransport afterUring = IoTransport.IO_URING.nextAvailable();
        org.junit.jupiter.api.Assertions.assertEquals(IoTransport.EPOLL.isAvailable() ? IoTransport.EPOLL
                : IoTransport.NIO, afterUring);
    }

    @Test
    void loops_auto_startsOnTheTransportResolveChooses() {
        IoTransport.Loops loops = IoTransport.loops("auto", 1, 1, 0, java.util.logging.Logger.getLogger("test"));
        try {
            org.junit.jupiter.api.Assertions.assertEquals(IoTransport.resolve("auto"), loops.transport());
        } finally {
            loops.boss().shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            loops.workers().shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
