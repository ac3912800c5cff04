package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.app.ports.StateWrite;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One user's burst is group-committed: 32 concurrent creates become a handful of transactions instead of 32
 * writers retrying on the user's head. The in-memory store stands in for PostgreSQL behind daprd, with a 20 ms
 * pause per transaction for the round trip (without it a commit is so fast no group ever forms); the throughput of
 * the real thing is measured by the benchmark.
 */
class OneUserBurstApiTest {
  private static TestApp app;
  private static final AtomicInteger transactions = new AtomicInteger();

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of(), adapters -> adapters.withStore(new InterceptedStore(adapters.store(),
        InterceptedStore.pause(20).andThen(OneUserBurstApiTest::countUserTransactions))));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void countUserTransactions(List<StateWrite> writes) {
    if (writes.stream().anyMatch(w -> w.key().startsWith("user:"))) {
      transactions.incrementAndGet();
    }
  }

  @Test
  void thirtyTwoConcurrentCreatesOfOneUserTakeAFewTransactionsAndAllSucceed() throws Exception {
    String user = TestApp.newUser();
    String token = TestApp.token(user);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    int before = transactions.get();
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        calls.add(() -> app.api.post("/api/" + user + "/tasks", token, "{\"title\":\"burst " + n + "\"}").status());
      }
      for (Future<Integer> status : pool.invokeAll(calls)) {
        assertThat(status.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdown();
    }
    int userTransactions = transactions.get() - before;

    Set<String> titles = new HashSet<>(app.api.get("/api/" + user + "/tasks?limit=200", token).json().get("items")
        .findValuesAsText("title"));
    assertThat(titles).hasSize(32);
    // The relay's acknowledgements are transactions too; the creates themselves took a handful.
    System.out.printf("32 concurrent creates of one user: %d user transactions (creates and delivery acks)%n",
        userTransactions);
    assertThat(userTransactions).as("transactions for 32 creates (and their delivery acks)").isLessThan(24);
    assertThat(app.app.metrics().scrape()).contains("todo_write_batch_operations_count");
  }
}
