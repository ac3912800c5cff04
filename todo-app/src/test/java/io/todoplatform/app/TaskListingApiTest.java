package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side filters, sorting and cursor pagination of GET /api/{userId}/tasks. */
class TaskListingApiTest {
  private static TestApp app;
  private static final String USER = TestApp.newUser();
  private static final String TOKEN = TestApp.token(USER);
  private static final Map<String, String> IDS = new java.util.HashMap<>();

  @BeforeAll
  static void createTasks() {
    app = TestApp.start();
    create("alpha", "{\"title\":\"Alpha report\",\"priority\":\"low\",\"tags\":[\"work\",\"q3\"],"
        + "\"dueAt\":\"2031-01-10T00:00:00Z\"}");
    create("bravo", "{\"title\":\"bravo groceries\",\"description\":\"Milk and BREAD\",\"priority\":\"high\","
        + "\"tags\":[\"home\"],\"dueAt\":\"2031-01-05T00:00:00Z\"}");
    create("charlie", "{\"title\":\"Charlie call\",\"priority\":\"urgent\",\"tags\":[\"work\"]}");
    create("delta", "{\"title\":\"delta taxes\",\"priority\":\"medium\",\"tags\":[\"home\",\"work\"],"
        + "\"dueAt\":\"2031-02-01T00:00:00Z\"}");
    create("echo", "{\"title\":\"Echo bread recipe\",\"priority\":\"low\"}");
    app.api.patch("/api/" + USER + "/tasks/" + IDS.get("delta") + "/complete", TOKEN, "{\"completed\":true}");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void create(String name, String json) {
    IDS.put(name, app.api.createTask(USER, TOKEN, json).get("id").asText());
  }

  private static List<String> titles(String query) {
    var r = app.api.get("/api/" + USER + "/tasks" + (query.isEmpty() ? "" : "?" + query), TOKEN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return StreamSupport.stream(r.json().get("items").spliterator(), false)
        .map(t -> t.get("title").asText().split(" ")[0].toLowerCase()).toList();
  }

  @Test
  void defaultListsEverythingOldestFirst() {
    assertThat(titles("")).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
  }

  @Test
  void filtersByStatus() {
    assertThat(titles("status=completed")).containsExactly("delta");
    assertThat(titles("status=pending")).containsExactly("alpha", "bravo", "charlie", "echo");
    assertThat(titles("status=all")).hasSize(5);
  }

  @Test
  void filtersByPriority() {
    assertThat(titles("priority=low")).containsExactly("alpha", "echo");
    assertThat(titles("priority=urgent")).containsExactly("charlie");
  }

  @Test
  void everyGivenTagMustMatch() {
    assertThat(titles("tag=work")).containsExactly("alpha", "charlie", "delta");
    assertThat(titles("tag=work&tag=home")).containsExactly("delta");
    assertThat(titles("tag=work&tag=nothing")).isEmpty();
  }

  @Test
  void searchIsCaseInsensitiveInTitleAndDescription() {
    assertThat(titles("q=BREAD")).containsExactly("bravo", "echo");
    assertThat(titles("q=report")).containsExactly("alpha");
    assertThat(titles("q=" + URLEncoder.encode("milk and", StandardCharsets.UTF_8))).containsExactly("bravo");
  }

  @Test
  void filtersByDueDateRangeExcludingTasksWithoutOne() {
    assertThat(titles("dueBefore=2031-01-10T00:00:00Z")).containsExactly("bravo");
    assertThat(titles("dueAfter=2031-01-05T00:00:00Z")).containsExactly("alpha", "delta");
    assertThat(titles("dueAfter=2031-01-01T00:00:00Z&dueBefore="
        + URLEncoder.encode("2031-01-20T00:00:00+01:00", StandardCharsets.UTF_8))).containsExactly("alpha", "bravo");
  }

  @Test
  void filtersCombine() {
    assertThat(titles("status=pending&tag=work&priority=low")).containsExactly("alpha");
  }

  @Test
  void sortsByDueDateWithUndatedTasksLastInBothDirections() {
    // Equal sort keys (here: no due date) are ordered by id, so their relative order is arbitrary but stable.
    List<String> asc = titles("sort=dueAt");
    assertThat(asc.subList(0, 3)).containsExactly("bravo", "alpha", "delta");
    assertThat(asc.subList(3, 5)).containsExactlyInAnyOrder("charlie", "echo");
    List<String> desc = titles("sort=dueAt&order=desc");
    assertThat(desc.subList(0, 3)).containsExactly("delta", "alpha", "bravo");
    assertThat(desc.subList(3, 5)).containsExactlyInAnyOrder("charlie", "echo");
  }

  @Test
  void sortsByPriority() {
    List<String> asc = titles("sort=priority");
    assertThat(asc.subList(0, 2)).containsExactlyInAnyOrder("alpha", "echo");
    assertThat(asc.subList(2, 5)).containsExactly("delta", "bravo", "charlie");
    assertThat(titles("sort=priority&order=desc").get(0)).isEqualTo("charlie");
  }

  @Test
  void sortsByTitleCaseInsensitively() {
    assertThat(titles("sort=title")).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
    assertThat(titles("sort=title&order=desc")).containsExactly("echo", "delta", "charlie", "bravo", "alpha");
  }

  @Test
  void sortsByCreationNewestFirst() {
    assertThat(titles("sort=createdAt&order=desc")).containsExactly("echo", "delta", "charlie", "bravo", "alpha");
  }

  @Test
  void cursorPaginationVisitsEveryTaskOnceForEverySortOrder() {
    for (String sort : List.of("createdAt", "dueAt", "priority", "title")) {
      for (String order : List.of("asc", "desc")) {
        List<String> full = ids("sort=" + sort + "&order=" + order + "&limit=200");
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          var r = app.api.get("/api/" + USER + "/tasks?sort=" + sort + "&order=" + order + "&limit=2"
              + (cursor == null ? "" : "&cursor=" + cursor), TOKEN);
          JsonNode page = r.json();
          assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
          page.get("items").forEach(t -> paged.add(t.get("id").asText()));
          cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
          pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged).as(sort + " " + order).isEqualTo(full);
        assertThat(pages).isEqualTo(3);
      }
    }
  }

  @Test
  void cursorStaysCorrectWhenTasksAreAddedBetweenPages() {
    String user = TestApp.newUser();
    String token = TestApp.token(user);
    for (int i = 0; i < 4; i++) {
      app.api.createTask(user, token, "{\"title\":\"t" + i + "\"}");
    }
    JsonNode first = app.api.get("/api/" + user + "/tasks?limit=2&sort=title", token).json();
    app.api.createTask(user, token, "{\"title\":\"a-new-first\"}");

    JsonNode second = app.api.get("/api/" + user + "/tasks?limit=2&sort=title&cursor="
        + first.get("nextCursor").asText(), token).json();

    assertThat(second.get("items").findValuesAsText("title")).containsExactly("t2", "t3");
  }

  @Test
  void cursorFromAnotherSortIsRefused() {
    String cursor = app.api.get("/api/" + USER + "/tasks?limit=1&sort=title", TOKEN).json()
        .get("nextCursor").asText();

    var r = app.api.get("/api/" + USER + "/tasks?limit=1&sort=dueAt&cursor=" + cursor, TOKEN);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("cursor");
  }

  @Test
  void lastPageHasNoCursor() {
    JsonNode page = app.api.get("/api/" + USER + "/tasks?limit=5", TOKEN).json();
    assertThat(page.get("items")).hasSize(5);
    assertThat(page.get("nextCursor").isNull()).isTrue();
  }

  private static List<String> ids(String query) {
    return app.api.get("/api/" + USER + "/tasks?" + query, TOKEN).json().get("items").findValuesAsText("id");
  }
}
