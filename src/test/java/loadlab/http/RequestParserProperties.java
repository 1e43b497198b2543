package loadlab.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser alone, fast enough for a thousand tries each: how bytes are cut into pieces never
 * changes what it parses, and no input makes it throw anything but an {@link HttpError}.
 */
class RequestParserProperties {

    @Property(tries = 1000)
    void parsesAnyValidRequestCutAnywhereToItsExactBytes(@ForAll("validRequests") byte[] request,
                                                         @ForAll("cutFractions") List<Double> cuts) throws HttpError {
        Outcome outcome = parse(request, HttpArbitraries.cuts(cuts, request.length));
        assertThat(outcome.error).isNull();
        assertThat(outcome.requests).hasSize(1);
        assertThat(outcome.requests.get(0)).isEqualTo(request);
    }

    @Property(tries = 1000)
    void parsesTwoPipelinedRequestsAsTwo(@ForAll("validRequests") byte[] first, @ForAll("validRequests") byte[] second,
                                         @ForAll("cutFractions") List<Double> cuts) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        Outcome outcome = parse(both, HttpArbitraries.cuts(cuts, both.length));
        assertThat(outcome.error).isNull();
        assertThat(outcome.requests).containsExactly(first, second);
    }

    // Fed whole or in pieces, any bytes give the same requests, then an error in both or in neither.
    // (The status may differ: cut early, a head that is too long is 431 before a bare LF in it is seen.)
    @Property(tries = 2000)
    void anyBytesGiveRequestsOrAnHttpErrorAndNothingElseWhateverTheCuts(@ForAll("anyBytes") byte[] bytes,
                                                                        @ForAll("cutFractions") List<Double> cuts) {
        Outcome whole = parse(bytes, new int[0]);
        Outcome pieces = parse(bytes, HttpArbitraries.cuts(cuts, bytes.length));
        assertThat(pieces.requests).containsExactlyElementsOf(whole.requests);
        assertThat(pieces.error == null).isEqualTo(whole.error == null);
        if (whole.error != null) {
            assertThat(whole.error.status()).isIn(400, 413, 417, 431, 501, 505);
            assertThat(whole.error.getMessage()).isNotBlank();
        }
    }

    private record Outcome(List<byte[]> requests, HttpError error) { }

    // Any exception other than HttpError escapes, and fails the property.
    private static Outcome parse(byte[] bytes, int[] cuts) {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        List<byte[]> requests = new ArrayList<>();
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? Math.max(from, cuts[i]) : bytes.length;
                parser.feed(bytes, from, to - from);
                from = to;
                for (HttpRequest r = parser.next(); r != null; r = parser.next()) {
                    requests.add(r.raw());
                }
            }
            return new Outcome(requests, null);
        } catch (HttpError e) {
            return new Outcome(requests, e);
        }
    }

    @Provide
    Arbitrary<byte[]> validRequests() {
        return HttpArbitraries.validRequests();
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return HttpArbitraries.anyBytes();
    }

    @Provide
    Arbitrary<List<Double>> cutFractions() {
        return HttpArbitraries.cutFractions();
    }
}
