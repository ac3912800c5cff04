package io.todoplatform.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @AfterEach
    void noFork() {
        System.clearProperty(FreePorts.FORK_PROPERTY);
    }

    @Test
    void aForkTakesDistinctPortsFromItsOwnBlockOnly() throws Exception {
        System.setProperty(FreePorts.FORK_PROPERTY, "2");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ports.add(FreePorts.next());
        }
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isBetween(16_000, 19_999));
    }

    @Test
    void aPortSomeoneListensOnIsSkipped() throws Exception {
        System.setProperty(FreePorts.FORK_PROPERTY, "3");
        int first = FreePorts.next();
        try (ServerSocket taken = new ServerSocket(first + 1, 1, InetAddress.getLoopbackAddress())) {
            assertThat(FreePorts.next()).isNotEqualTo(taken.getLocalPort()).isBetween(20_000, 23_999);
        }
    }
}
