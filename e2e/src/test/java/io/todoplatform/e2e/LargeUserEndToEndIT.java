package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * No 4 MiB cliff: one user with 10,000 tasks whose descriptions are 2,000 characters (about 22 MB of tasks; Dapr's
 * gRPC messages stop at 4 MiB) lists, pages, filters and searches through a real daprd and PostgreSQL. Before issue
 * 15 every listing of such a user answered 503 (one bulk read of all the user's tasks).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeUserEndToEndIT {
    private static final int TASKS = 10_000;

    @TempDir
    static Path workDir;

    private TodoPlatformStack stack;
    private final String user = "heavy-" + TodoPlatformEndToEndIT.shortId();
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    void startPlatformAndCreateTheTasks() throws Exception {
        stack = TodoPlatformStack.start(workDir, TodoPlatformStack.Options.defaults());
        String padding = "x".repeat(2_000);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Instant started = Instant.now();
        try {
            List<Callable<String>> creates = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                String description = (n % 1000 == 500 ? "needle-" + n + " " : "hay-" + n + " ") + padding;
                creates.add(() -> createAsAClientShould(Map.of("title", String.format("task %05d", n),
                        "description", description.substring(0, 2_000), "tags", List.of("tag-" + (n % 10)),
                        "priority", List.of("low", "medium", "high", "urgent").get(n % 4))));
            }
            for (Future<String> id : pool.invokeAll(creates)) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        System.out.println("Created " + TASKS + " tasks of 2,000-character descriptions for one user in "
                + Duration.between(started, Instant.now()).toMillis() + " ms (32 concurrent clients)");
    }

    /**
     * 32 clients writing as fast as they can outrun the broker on a loaded machine: the app then refuses a write
     * whole (503 with Retry-After, back-pressure on the user's outbox) and a client waits and sends it again.
     */
    private String createAsAClientShould(Map<String, ?> task) throws InterruptedException {
        return stack.api.createTaskHonouringRetryAfter(user, task).expect(201).path("id").asText();
    }

    @AfterAll
    void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    private JsonNode list(String query) {
        long t0 = System.nanoTime();
        JsonNode page = stack.api.listTasks(user, query).expect(200);
        System.out.printf("GET /tasks?%s over %d tasks: %d ms%n", query, TASKS, (System.nanoTime() - t0) / 1_000_000);
        return page;
    }

    private List<JsonNode> pageThrough(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = stack.api.listTasks(user, query + (cursor == null ? "" : "&cursor=" + cursor)).expect(200);
            page.path("items").forEach(all::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    @Test
    void theFirstPageAndTheLargestPageAnswer() {
        JsonNode first = list("limit=50");
        assertThat(first.path("items")).hasSize(50);
        assertThat(first.path("items").get(0).path("description").asText()).hasSize(2_000);
        assertThat(first.path("nextCursor").isNull()).isFalse();
        assertThat(list("limit=200&sort=title&order=desc").path("items").get(0).path("title").asText())
                .isEqualTo("task 09999");
    }

    @Test
    void pagingVisitsEveryTaskOnceInOrder() {
        long t0 = System.nanoTime();
        List<JsonNode> all = pageThrough("limit=200&sort=title");
        System.out.printf("Paged through %d tasks, 200 a page, in %d ms%n", all.size(), (System.nanoTime() - t0) / 1_000_000);
        Set<String> seen = new LinkedHashSet<>();
        all.forEach(t -> seen.add(t.path("id").asText()));
        assertThat(seen).hasSize(TASKS).containsExactlyInAnyOrderElementsOf(ids);
        List<String> titles = all.stream().map(t -> t.path("title").asText()).toList();
        assertThat(titles).isSorted();
    }

    @Test
    void filtersAndTextSearchOverDescriptionsWork() {
        assertThat(pageThrough("limit=200&tag=tag-3")).hasSize(TASKS / 10)
                .allSatisfy(t -> assertThat(t.path("tags").toString()).contains("tag-3"));
        assertThat(pageThrough("limit=200&priority=urgent&tag=tag-3")).hasSize(TASKS / 20);
        JsonNode found = list("q=NEEDLE&limit=200");
        Set<String> titles = new HashSet<>(found.path("items").findValuesAsText("title"));
        Set<String> expected = new HashSet<>();
        for (int n = 500; n < TASKS; n += 1000) {
            expected.add(String.format("task %05d", n));
        }
        assertThat(titles).isEqualTo(expected);
        assertThat(found.path("nextCursor").isNull()).isTrue();
    }
}
