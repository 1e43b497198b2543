package loadlab.locust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * One message between a locust master and a worker, as locust's {@code rpc/protocol.py} has it: a
 * msgpack array {@code [type, data, node_id]}, one ZeroMQ frame. {@code data} is whatever msgpack
 * holds, as plain Java values: null, Boolean, Long, Double, String, byte[], List and Map (keys as
 * they come: locust's stats dicts are keyed by integers). Encoding takes any Number and List or Map.
 */
public record Message(String type, Object data, String nodeId) {

    static {
        // msgpack's fast buffers use sun.misc.Unsafe, which JDK 24 and later warn about on every start;
        // the portable ones are plenty for a few messages a second.
        if (System.getProperty("msgpack.universal-buffer") == null) {
            System.setProperty("msgpack.universal-buffer", "true");
        }
    }

    /** The message as the bytes of one frame. */
    public byte[] encode() {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(3);
            pack(packer, type);
            pack(packer, data);
            pack(packer, nodeId);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("packing a " + type + " message into memory failed", e);
        }
    }

    /**
     * Reads one frame.
     *
     * @throws IllegalArgumentException if it is not msgpack, or not a {@code [type, data, node_id]} array
     */
    public static Message decode(byte[] frame) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(frame)) {
            if (!unpacker.hasNext() || unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.ARRAY) {
                throw new IllegalArgumentException("not a locust message: a frame of " + frame.length + " bytes that is not a msgpack array");
            }
            int size = unpacker.unpackArrayHeader();
            if (size != 3) {
                throw new IllegalArgumentException("not a locust message: an array of " + size + " items, not [type, data, node_id]");
            }
            Object type = unpack(unpacker);
            Object data = unpack(unpacker);
            Object nodeId = unpack(unpacker);
            if (!(type instanceof String t)) {
                throw new IllegalArgumentException("not a locust message: its type is " + type + ", not a string");
            }
            return new Message(t, data, nodeId == null ? null : nodeId.toString());
        } catch (IOException | org.msgpack.core.MessagePackException e) {
            throw new IllegalArgumentException("not a locust message: " + e.getMessage(), e);
        }
    }

    /** {@code data} as a map, or an empty one when the message has none (a locust 1.x ack, say). */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> dataMap() {
        return data instanceof Map<?, ?> m ? (Map<Object, Object>) m : Map.of();
    }

    private static void pack(MessageBufferPacker p, Object v) throws IOException {
        switch (v) {
            case null -> p.packNil();
            case String s -> p.packString(s);
            case Boolean b -> p.packBoolean(b);
            case Double d -> p.packDouble(d);
            case Float f -> p.packDouble(f);
            case Number n -> p.packLong(n.longValue());
            case byte[] bytes -> p.packBinaryHeader(bytes.length).writePayload(bytes);
            case List<?> list -> {
                p.packArrayHeader(list.size());
                for (Object item : list) {
                    pack(p, item);
                }
            }
            case Map<?, ?> map -> {
                p.packMapHeader(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    pack(p, e.getKey());
                    pack(p, e.getValue());
                }
            }
            default -> throw new IllegalArgumentException("msgpack can't hold a " + v.getClass().getName() + ": " + v);
        }
    }

    private static Object unpack(MessageUnpacker u) throws IOException {
        MessageFormat format = u.getNextFormat();
        return switch (format.getValueType()) {
            case NIL -> {
                u.unpackNil();
                yield null;
            }
            case BOOLEAN -> u.unpackBoolean();
            case INTEGER -> u.unpackLong(); // locust's integers (counts, epoch seconds) fit a long
            case FLOAT -> u.unpackDouble();
            case STRING -> u.unpackString();
            case BINARY -> u.readPayload(u.unpackBinaryHeader());
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(unpack(u));
                }
                yield list;
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = unpack(u);
                    map.put(key, unpack(u));
                }
                yield map;
            }
            case EXTENSION -> throw new IllegalArgumentException("a msgpack extension value, which locust never sends");
        };
    }
}
