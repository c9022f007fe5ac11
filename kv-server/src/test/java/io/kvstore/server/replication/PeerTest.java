package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTest {
    @Test
    void parseList_threePeers_idsHostsPorts() {
        List<Peer> p = Peer.parseList("n1=127.0.0.1:6379:7379, n2=127.0.0.1:6380:7380,n3=localhost:6381:7381");
        assertEquals(3, p.size());
        assertEquals(new Peer("n2", "127.0.0.1", 6380, 7380), p.get(1));
        assertEquals("localhost:7381", p.get(2).raftAddress());
        assertEquals("n1=127.0.0.1:6379:7379", p.get(0).toString());
    }

    @Test
    void parseList_malformed_throws() {
        assertThrows(IllegalArgumentException.class, () -> Peer.parseList("n1=127.0.0.1:6379"));
        assertThrows(IllegalArgumentException.class, () -> Peer.parseList("n1=h:1:2,n1=h:3:4"));
        assertThrows(IllegalArgumentException.class, () -> Peer.parseList("n1=h:0:2"));
        assertThrows(IllegalArgumentException.class, () -> Peer.parseList("n 1=h:1:2"));
    }
}
