package galera.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReversingHistoryTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("2026-11-25 10:00:00 0 [ERROR] WSREP: ./gcs/src/gcs_group.cpp:group_post_state_exchange():453:"
                        + " Reversing history: 55388 -> 52527, this member has applied 2861 more events than the primary"
                        + " component.Data loss is possible. Must abort.",
                        Optional.of(new ReversingHistory.Abort(55388, 52527, 2861))),
                Arguments.of("WSREP: Reversing history: 1000 -> 999, this member has applied 1 more events than the primary",
                        Optional.of(new ReversingHistory.Abort(1000, 999, 1))),
                Arguments.of("2026-11-25 10:00:00 0 [Note] WSREP: Recovered position: 6f1c3a52-1111-4aaa-8aaa-00000000000a:42",
                        Optional.empty()),
                Arguments.of("Reversing history: 99999999999999999999 -> 1, this member has applied 1 more events",
                        Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parses(String line, Optional<ReversingHistory.Abort> expected) {
        assertEquals(expected, ReversingHistory.parse(line));
    }
}
