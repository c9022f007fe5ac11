package io.kvstore.server.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** The connection commands (redis.io group "connection"). */
final class ConnectionCommands {
    /** The Redis version this server's protocol and replies follow (reported by HELLO and INFO). */
    static final String REDIS_VERSION = "7.0.15";

    private ConnectionCommands() {
    }

    static void register(CommandTable t) {
        t.add("ping", -1, "fast", 0, 0, 0, "connection", "Returns the server's liveliness response.",
                x -> {
                    if (x.argc() > 2) {
                        throw new CommandException("ERR wrong number of arguments for 'ping' command");
                    }
                    if (x.argc() == 2) {
                        x.out.bulk(x.arg(1));
                    } else {
                        x.out.simple("PONG");
                    }
                });
        t.add("echo", 2, "fast", 0, 0, 0, "connection", "Returns the given string.", x -> x.out.bulk(x.arg(1)));
        t.add("auth", -2, "noauth fast no-multi", 0, 0, 0, "connection", "Authenticates the connection.",
                x -> {
                    if (x.argc() > 3) {
                        throw CommandException.SYNTAX;
                    }
                    authenticate(x, x.argc() == 3 ? x.arg(1) : null, x.arg(x.argc() - 1), true);
                    x.out.ok();
                });
        t.add("hello", -1, "noauth fast no-multi", 0, 0, 0, "connection", "Handshakes with the Redis server.",
                ConnectionCommands::hello);
        t.add("select", 2, "fast", 0, 0, 0, "connection", "Changes the selected database.",
                x -> {
                    long db = x.integer(1);
                    if (db != 0) {
                        throw new CommandException("ERR DB index is out of range");
                    }
                    x.out.ok();
                });
        t.add("quit", -1, "noauth fast", 0, 0, 0, "connection", "Closes the connection.",
                x -> {
                    x.client.closeAfterReply = true;
                    x.out.ok();
                });
        t.add("reset", 1, "noauth fast", 0, 0, 0, "connection", "Resets the connection.",
                x -> {
                    TransactionCommands.discard(x);
                    TransactionCommands.unwatchAll(x);
                    x.client.protocol = 2;
                    x.client.name = null;
                    x.client.authenticated = x.server.config().requirePass() == null;
                    x.client.scans.clear();
                    x.out.simple("RESET");
                });
        t.add("client", -2, "", 0, 0, 0, "connection", "A container for client connection commands.",
                ConnectionCommands::client);
    }

    /** Checks a password in constant time (both sides hashed first, so length does not leak either). */
    static void authenticate(Exec x, byte[] user, byte[] password, boolean plainAuth) {
        String required = x.server.config().requirePass();
        if (required == null && plainAuth && user == null) {
            throw new CommandException("ERR AUTH <password> called without any password configured for the default"
                    + " user. Are you sure your configuration is correct?");
        }
        boolean userOk = user == null || new String(user, StandardCharsets.UTF_8).equals("default");
        boolean ok = required == null
                ? userOk
                : MessageDigest.isEqual(sha256(password), sha256(required.getBytes(StandardCharsets.UTF_8))) && userOk;
        if (!ok) {
            throw new CommandException("WRONGPASS invalid username-password pair or user is disabled.");
        }
        x.client.authenticated = true;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hello(Exec x) {
        int proto = x.client.protocol;
        int i = 1;
        if (x.argc() >= 2) {
            Long v = Numbers.parseLong(x.arg(1));
            if (v == null) {
                throw new CommandException("ERR Protocol version is not an integer or out of range");
            }
            if (v != 2 && v != 3) {
                throw new CommandException("NOPROTO unsupported protocol version");
            }
            proto = (int) (long) v;
            i = 2;
        }
        String setName = null;
        for (; i < x.argc(); i++) {
            String opt = x.keyword(i);
            if (opt.equals("auth") && i + 2 < x.argc()) {
                authenticate(x, x.arg(i + 1), x.arg(i + 2), false);
                i += 2;
            } else if (opt.equals("setname") && i + 1 < x.argc()) {
                setName = x.str(++i);
                checkName(setName);
            } else {
                throw new CommandException("ERR Syntax error in HELLO option '" + x.str(i) + "'");
            }
        }
        if (!x.client.authenticated) {
            throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, otherwise"
                    + " the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select"
                    + " the RESP protocol version at the same time");
        }
        if (setName != null) {
            x.client.name = setName.isEmpty() ? null : setName;
        }
        x.client.protocol = proto;
        // The reply already uses the new protocol, as in Redis.
        var out = new io.kvstore.server.resp.RespWriter(x.out.buffer(), proto);
        out.map(7);
        out.bulk("server").bulk("redis");
        out.bulk("version").bulk(REDIS_VERSION);
        out.bulk("proto").integer(proto);
        out.bulk("id").integer(x.client.id);
        out.bulk("mode").bulk("standalone");
        out.bulk("role").bulk("master");
        out.bulk("modules").array(0);
    }

    private static void checkName(String name) {
        for (int c = 0; c < name.length(); c++) {
            char ch = name.charAt(c);
            if (ch < '!' || ch > '~') {
                throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    private static void client(Exec x) {
        String sub = x.keyword(1);
        switch (sub) {
            case "id" -> {
                arity(x, 2);
                x.out.integer(x.client.id);
            }
            case "setname" -> {
                arity(x, 3);
                String name = x.str(2);
                checkName(name);
                x.client.name = name.isEmpty() ? null : name;
                x.out.ok();
            }
            case "getname" -> {
                arity(x, 2);
                x.out.bulk(x.client.name == null ? null : x.client.name.getBytes(StandardCharsets.UTF_8));
            }
            case "info" -> {
                arity(x, 2);
                x.out.verbatim(x.client.infoLine() + "\n");
            }
            case "list" -> {
                StringBuilder sb = new StringBuilder();
                List<Long> ids = null;
                if (x.argc() > 2) {
                    if (!x.keyword(2).equals("id") || x.argc() < 4) {
                        if (x.keyword(2).equals("type") && x.argc() == 4) {
                            ids = x.keyword(3).equals("normal") ? null : List.of();
                        } else {
                            throw CommandException.SYNTAX;
                        }
                    } else {
                        ids = new ArrayList<>();
                        for (int i = 3; i < x.argc(); i++) {
                            ids.add(x.integer(i));
                        }
                    }
                }
                for (ClientSession c : x.server.clients.values()) {
                    if (ids == null || ids.contains(c.id)) {
                        sb.append(c.infoLine()).append('\n');
                    }
                }
                x.out.verbatim(sb.toString());
            }
            case "kill" -> kill(x);
            case "setinfo" -> {
                arity(x, 4);
                String attr = x.keyword(2);
                String value = x.str(3);
                if (value.chars().anyMatch(ch -> ch < '!' || ch > '~')) {
                    throw new CommandException("ERR " + attr + " cannot contain spaces, newlines or special characters.");
                }
                switch (attr) {
                    case "lib-name" -> x.client.libName = value;
                    case "lib-ver" -> x.client.libVer = value;
                    default -> throw new CommandException("ERR Unrecognized option '" + x.str(2) + "'");
                }
                x.out.ok();
            }
            case "no-evict", "no-touch" -> {
                arity(x, 3);
                x.out.ok();
            }
            case "help" -> {
                String[] lines = {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "ID", "GETNAME",
                    "SETNAME <name>", "INFO", "LIST [TYPE normal] [ID <id> ...]", "KILL <ip:port> | ID <id> | ADDR <ip:port>"
                        + " | LADDR <ip:port> | SKIPME yes|no", "SETINFO LIB-NAME|LIB-VER <value>", "HELP"};
                x.out.array(lines.length);
                for (String l : lines) {
                    x.out.simple(l);
                }
            }
            default -> throw new CommandException("ERR unknown subcommand '" + x.str(1) + "'. Try CLIENT HELP.");
        }
    }

    private static void arity(Exec x, int n) {
        if (x.argc() != n) {
            throw new CommandException("ERR wrong number of arguments for 'client|" + x.keyword(1) + "' command");
        }
    }

    private static void kill(Exec x) {
        if (x.argc() == 3) {
            String addr = x.str(2);
            ClientSession victim = x.server.clients.values().stream().filter(c -> c.addr.equals(addr)).findFirst()
                    .orElseThrow(() -> new CommandException("ERR No such client"));
            victim.kill.run();
            x.out.ok();
            return;
        }
        if (x.argc() % 2 != 0) {
            throw CommandException.SYNTAX;
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        boolean skipMe = true;
        for (int i = 2; i < x.argc(); i += 2) {
            switch (x.keyword(i)) {
                case "id" -> id = x.integer(i + 1);
                case "addr" -> addr = x.str(i + 1);
                case "laddr" -> laddr = x.str(i + 1);
                case "skipme" -> skipMe = x.keyword(i + 1).equals("yes");
                case "type" -> {
                    if (!x.keyword(i + 1).equals("normal")) {
                        x.out.integer(0);
                        return;
                    }
                }
                case "user" -> {
                    if (!x.str(i + 1).equals("default")) {
                        x.out.integer(0);
                        return;
                    }
                }
                default -> throw CommandException.SYNTAX;
            }
        }
        long killed = 0;
        for (ClientSession c : x.server.clients.values()) {
            if ((id == null || c.id == id) && (addr == null || c.addr.equals(addr))
                    && (laddr == null || c.laddr.equals(laddr)) && !(skipMe && c == x.client)) {
                c.kill.run();
                killed++;
            }
        }
        x.out.integer(killed);
    }
}
