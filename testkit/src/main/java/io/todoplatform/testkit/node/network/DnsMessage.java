package io.todoplatform.testkit.node.network;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of RFC 1035 to answer the cluster's A queries: reads the one question of a query and writes an
 * authoritative answer with A records (or none, or NXDOMAIN). Additional records of the query (EDNS) are
 * ignored and not echoed, which resolvers accept.
 */
final class DnsMessage {

    static final int TYPE_A = 1;
    private static final int CLASS_IN = 1;
    private static final int TTL_SECONDS = 5;
    private static final int RCODE_NXDOMAIN = 3;
    private static final int RCODE_FORMERR = 1;

    private final byte[] query;
    private final String name;
    private final int type;
    private final int questionEnd;

    private DnsMessage(byte[] query, String name, int type, int questionEnd) {
        this.query = query;
        this.name = name;
        this.type = type;
        this.questionEnd = questionEnd;
    }

    /** The question of a query, or null when the message is not a single-question query this can read. */
    static DnsMessage parseQuery(byte[] query) {
        if (query.length < 12 || (query[2] & 0x80) != 0 || readShort(query, 4) != 1) {
            return null;
        }
        StringBuilder qname = new StringBuilder();
        int offset = 12;
        while (offset < query.length) {
            int length = query[offset] & 0xff;
            if (length == 0) {
                offset++;
                break;
            }
            if ((length & 0xc0) != 0 || offset + 1 + length > query.length) {
                return null;
            }
            if (qname.length() > 0) {
                qname.append('.');
            }
            qname.append(new String(query, offset + 1, length, java.nio.charset.StandardCharsets.US_ASCII));
            offset += 1 + length;
        }
        if (offset + 4 > query.length) {
            return null;
        }
        int type = readShort(query, offset);
        return new DnsMessage(query, qname.toString().toLowerCase(Locale.ROOT), type, offset + 4);
    }

    String name() {
        return name;
    }

    int type() {
        return type;
    }

    /** NOERROR with these addresses as A records (none for other query types of a known name). */
    byte[] answer(List<InetAddress> addresses) {
        List<InetAddress> records = type == TYPE_A ? addresses : List.of();
        ByteArrayOutputStream out = header(0, records.size());
        out.write(query, 12, questionEnd - 12);
        for (InetAddress address : records) {
            ByteBuffer record = ByteBuffer.allocate(16);
            record.putShort((short) 0xc00c); // the name: a pointer to the question's
            record.putShort((short) TYPE_A);
            record.putShort((short) CLASS_IN);
            record.putInt(TTL_SECONDS);
            record.putShort((short) 4);
            record.put(address.getAddress());
            out.write(record.array(), 0, record.position());
        }
        return out.toByteArray();
    }

    byte[] nameError() {
        ByteArrayOutputStream out = header(RCODE_NXDOMAIN, 0);
        out.write(query, 12, questionEnd - 12);
        return out.toByteArray();
    }

    /** FORMERR for a message {@link #parseQuery} could not read (only its id is kept). */
    static byte[] formatError(byte[] query) {
        byte[] answer = new byte[12];
        if (query.length >= 2) {
            answer[0] = query[0];
            answer[1] = query[1];
        }
        answer[2] = (byte) 0x80;
        answer[3] = (byte) RCODE_FORMERR;
        return answer;
    }

    private ByteArrayOutputStream header(int rcode, int answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        // QR=1, the query's opcode, AA=1, the query's RD; RA=1 and the response code.
        out.write(0x80 | (query[2] & 0x78) | 0x04 | (query[2] & 0x01));
        out.write(0x80 | rcode);
        writeShort(out, 1);
        writeShort(out, answers);
        writeShort(out, 0);
        writeShort(out, 0);
        return out;
    }

    private static int readShort(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
